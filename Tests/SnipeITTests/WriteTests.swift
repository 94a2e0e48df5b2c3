import Foundation
import JSON
import SnipeIT
import SnipeITSim
import Testing

/// Writes against the simulator: a status change, maintenances, and the
/// 200-with-error envelope of a refused write (a sentence, or field errors).
@Suite struct WriteTests {
    @Test func updatingTheStatusChangesTheAsset() async throws {
        let f = SnipeITFixture()
        let update = try #require(await f.client.updateAsset(id: 2, statusID: 1).value)
        #expect(update.id == 2)
        #expect(update.statusID == 1)
        #expect(update.message == "Asset updated successfully.")
        // The payload is the raw model: stored strings, not escaped.
        #expect(update.payload["name"] == "Dell & Sons loaner")
        #expect(f.sim.assetRow(2)?["status_id"] == 1)
        #expect(await f.client.assetByTag("LAPTOP-0002").value?.first?.statusLabel?.name == "Ready to Deploy")
        let sent = try #require(f.sim.receivedRequests.first)
        #expect(sent.method == "PATCH")
        #expect(sent.target == "/api/v1/hardware/2")
        #expect(sent.body == #"{"status_id":1}"#)
        #expect(sent.headers["content-type"] == "application/json")
    }

    @Test func anUnknownStatusIsAFieldErrorWith200() async throws {
        let f = SnipeITFixture()
        let (status, raw) = try await f.rawJSON("PATCH", "/api/v1/hardware/2", body: ["status_id": 99])
        #expect(status == 200)
        #expect(raw == ["status": "error", "messages": ["status_id": ["The selected status id is invalid."]], "payload": nil])
        guard case .clientError(let code, let messages) = await f.client.updateAsset(id: 2, statusID: 99) else {
            Issue.record("a refused write is a clientError")
            return
        }
        #expect(code == 200)
        #expect(messages == .fields([SnipeITFieldError(field: "status_id", messages: ["The selected status id is invalid."])]))
        #expect(messages.description == "status_id: The selected status id is invalid.")
        #expect(f.sim.assetRow(2)?["status_id"] == 5)
    }

    @Test func anUnknownAssetIsAStringErrorWith200() async throws {
        let f = SnipeITFixture()
        guard case .clientError(200, let messages) = await f.client.updateAsset(id: 404, statusID: 1) else {
            Issue.record("an unknown asset is the 200 error envelope")
            return
        }
        #expect(messages == .text("Asset not found"))
    }

    @Test func aMaintenanceIsAddedAndListed() async throws {
        let f = SnipeITFixture()
        var draft = SnipeITMaintenanceDraft(
            assetID: 2, supplierID: 1, title: "Battery <swollen> & replaced", type: "Repair", startDate: "2025-02-03")
        draft.notes = "Tech's note"
        draft.isWarranty = true
        let added = try #require(await f.client.addMaintenance(draft).value)
        #expect(added.assetID == 2)
        #expect(added.title == "Battery <swollen> & replaced")
        #expect(added.startDate == "2025-02-03")
        #expect(added.type == "Repair")
        let list = try #require(await f.client.maintenances(assetID: 2).value)
        #expect(list.total == 2)
        // Newest first; the listed title came escaped and is unescaped again.
        #expect(list.rows.map(\.id) == [added.id, 1])
        #expect(list.rows.first?.title == "Battery <swollen> & replaced")
        #expect(list.rows.first?.notes == "Tech's note")
        #expect(list.rows.first?.startDate == "2025-02-03")
        #expect(list.rows.last?.title == "Keyboard & trackpad")
        #expect(await f.client.maintenances(assetID: 1).value?.rows.isEmpty == true)
        let body = try JSON(parsing: try #require(f.sim.receivedRequests.first?.body))
        #expect(body == [
            "asset_id": 2, "supplier_id": 1, "title": "Battery <swollen> & replaced", "asset_maintenance_type": "Repair",
            "start_date": "2025-02-03", "notes": "Tech's note", "is_warranty": true,
        ])
    }

    @Test func anInvalidMaintenanceAnswersEveryFieldError() async throws {
        let f = SnipeITFixture()
        let draft = SnipeITMaintenanceDraft(
            assetID: 2, supplierID: 1, title: String(repeating: "x", count: 101), type: "Repair", startDate: "03/02/2025")
        guard case .clientError(200, .fields(let errors)) = await f.client.addMaintenance(draft) else {
            Issue.record("validation failures are field errors with 200")
            return
        }
        #expect(errors == [
            SnipeITFieldError(field: "title", messages: ["The title field must not be greater than 100 characters."]),
            SnipeITFieldError(field: "start_date", messages: ["The start date field must match the format Y-m-d."]),
        ])
        #expect(f.sim.maintenanceRows.count == 1)
        let (_, missing) = try await f.rawJSON("POST", "/api/v1/maintenances", body: ["asset_id": 2])
        #expect(missing["messages"]?["supplier_id"] == ["The supplier id field is required."])
        #expect(missing["messages"]?["title"] == ["The title field is required."])
    }

    @Test func aDayIsFormattedInUTC() {
        #expect(SnipeITMaintenanceDraft.day(Date(timeIntervalSince1970: 1_738_540_800)) == "2025-02-03")
    }
}
