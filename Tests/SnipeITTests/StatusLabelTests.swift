import JSON
import SnipeIT
import SnipeITSim
import Testing

/// Status labels and the client's name-to-id cache.
@Suite struct StatusLabelTests {
    @Test func theSeededLabelsWithTheirTypes() async throws {
        let f = SnipeITFixture()
        let labels = try #require(await f.client.statusLabels().value)
        #expect(labels.map(\.name) == [
            "Ready to Deploy", "Pending", "Archived", "Out for Diagnostics", "Out for Repair", "Broken - Not Fixable",
            "Lost/Stolen",
        ])
        let undeployable = Array(repeating: "undeployable", count: 4)
        #expect(labels.map(\.type) == ["deployable", "pending", "archived"] + undeployable)
        #expect(labels.first?.color == "#2ECC40")
    }

    @Test(arguments: [
        ("Out for Repair", 5), ("out for repair", 5), ("  READY TO DEPLOY ", 1), ("pending", 2), ("lost/stolen", 7),
    ])
    func namesMatchWithoutCase(name: String, id: Int) async throws {
        let f = SnipeITFixture()
        #expect(await f.client.statusLabelID(named: name).value == id)
    }

    @Test func theCacheAnswersWithoutAskingAgain() async throws {
        let f = SnipeITFixture()
        #expect(await f.client.statusLabelID(named: "Archived").value == 3)
        #expect(await f.client.statusLabelID(named: "archived").value == 3)
        #expect(await f.client.statusLabelID(named: "Out for Diagnostics").value == 4)
        #expect(f.apiRequests == 1)
        #expect(f.sim.receivedRequests.first?.target == "/api/v1/statuslabels?limit=500&offset=0")
    }

    @Test func anUnknownNameRefreshesOnceThenIsNotFound() async throws {
        let f = SnipeITFixture()
        _ = await f.client.statusLabels()
        guard case .notFound(let messages) = await f.client.statusLabelID(named: "In the Bin") else {
            Issue.record("an unknown label is notFound")
            return
        }
        #expect(messages == .text("no status label named \"In the Bin\""))
        #expect(f.apiRequests == 2)
    }

    @Test func everyPageIsRead() async throws {
        let f = SnipeITFixture()
        let first = try #require(await f.client.statusLabels(limit: 3, offset: 0).value)
        #expect(first.rows.count == 3)
        #expect(first.total == 7)
        #expect(first.hasMore)
        let last = try #require(await f.client.statusLabels(limit: 3, offset: 6).value)
        #expect(last.rows.map(\.name) == ["Lost/Stolen"])
        #expect(!last.hasMore)
    }
}
