import JSON
import SnipeIT
import SnipeITSim
import Testing

/// Look-ups against the simulator: the three shapes of `bytag`, `byserial`'s
/// list, users, and the unescaping of every string.
@Suite struct LookupTests {
    @Test func oneMatchByTagIsTheBareAssetUnescaped() async throws {
        let f = SnipeITFixture()
        let assets = try #require(await f.client.assetByTag("LAPTOP-0002").value)
        #expect(assets.count == 1)
        let asset = try #require(assets.first)
        #expect(asset.id == 2)
        #expect(asset.assetTag == "LAPTOP-0002")
        #expect(asset.serial == "SN-SHARED")
        #expect(asset.name == "Dell & Sons loaner")
        #expect(asset.model == SnipeITReference(id: 2, name: "Latitude 5440"))
        #expect(asset.statusLabel?.name == "Out for Repair")
        #expect(asset.statusLabel?.statusType == "undeployable")
        #expect(asset.statusLabel?.statusMeta == "undeployable")
        #expect(asset.location == SnipeITReference(id: 2, name: "HQ \"Main\" & Annex"))
        #expect(asset.assignedTo == nil)
        #expect(asset.webURL == "http://snipeit.test/hardware/2")
        // The JSON form for templates: unescaped at any depth, with the web link.
        #expect(asset.json["manufacturer"]?["name"] == "Dell & Sons")
        #expect(asset.json["model"]?["name"] == "Latitude 5440")
        #expect(asset.json["web_url"] == "http://snipeit.test/hardware/2")
    }

    @Test func theWireCarriesEscapedStrings() async throws {
        let f = SnipeITFixture()
        let response = await f.raw("GET", "/api/v1/hardware/bytag/LAPTOP-0002")
        let text = String(decoding: response.body, as: UTF8.self)
        #expect(text.contains("Dell &amp; Sons loaner"))
        #expect(text.contains("HQ &quot;Main&quot; &amp; Annex"))
        let monitor = String(decoding: await f.raw("GET", "/api/v1/hardware/bytag/MON-0001").body, as: UTF8.self)
        #expect(monitor.contains("UltraSharp &lt;27&quot;&gt;"))
        let ada = String(decoding: await f.raw("GET", "/api/v1/hardware/bytag/LAPTOP-0001").body, as: UTF8.self)
        #expect(ada.contains("Ada&#039;s laptop"))
        #expect(ada.contains("O&#039;Brien&#039;s Lab"))
    }

    @Test func unescapingCoversEveryStringOfTheAsset() async throws {
        let f = SnipeITFixture()
        let monitor = try #require(await f.client.assetByTag("MON-0001").value?.first)
        #expect(monitor.name == "Monitor <27\">")
        #expect(monitor.model?.name == "UltraSharp <27\">")
        #expect(monitor.location == nil)
        let ada = try #require(await f.client.assetByTag("LAPTOP-0001").value?.first)
        #expect(ada.name == "Ada's laptop")
        #expect(ada.location?.name == "O'Brien's Lab")
        #expect(ada.json["notes"] == "Engraved \"A.L.\"")
        let owner = SnipeITAssignee(id: 2, name: "Ada Lovelace", type: "user", username: "ada", email: "ada@example.com")
        #expect(ada.assignedTo == owner)
        #expect(ada.statusLabel?.statusMeta == "deployed")
    }

    @Test func aTagTwoAssetsShareIsAList() async throws {
        let f = SnipeITFixture()
        let raw = try await f.rawJSON("GET", "/api/v1/hardware/bytag/DUP-0001").1
        #expect(raw["total"] == 2)
        let assets = try #require(await f.client.assetByTag("DUP-0001").value)
        #expect(assets.map(\.id) == [4, 5])
        #expect(assets.map(\.name) == ["First of two", "Second of two"])
    }

    @Test func anUnknownTagIsNotFound() async throws {
        let f = SnipeITFixture()
        let (status, raw) = try await f.rawJSON("GET", "/api/v1/hardware/bytag/NOPE-1")
        #expect(status == 200)
        #expect(raw == ["status": "error", "messages": "Asset does not exist.", "payload": nil])
        guard case .notFound(let messages) = await f.client.assetByTag("NOPE-1") else {
            Issue.record("an unknown tag is notFound")
            return
        }
        #expect(messages == .text("Asset does not exist."))
    }

    @Test func tagsAreEscapedInThePathAndMatchedWithoutCase() async throws {
        let f = SnipeITFixture()
        #expect(await f.client.assetByTag("laptop-0001").value?.first?.id == 1)
        _ = await f.client.assetByTag("A/B #1")
        #expect(f.sim.receivedRequests.last?.target == "/api/v1/hardware/bytag/A%2FB%20%231")
    }

    @Test func bySerialIsAlwaysAList() async throws {
        let f = SnipeITFixture()
        let one = try #require(await f.client.assetsBySerial("C02XK1ADA").value)
        #expect(one.rows.map(\.id) == [1])
        #expect(one.total == 1)
        let shared = try #require(await f.client.assetsBySerial("SN-SHARED").value)
        #expect(shared.rows.map(\.id) == [2, 3])
        #expect(!shared.hasMore)
        let page = try #require(await f.client.assetsBySerial("SN-SHARED", limit: 1, offset: 1).value)
        #expect(page.rows.map(\.id) == [3])
        #expect(page.total == 2)
        #expect(f.sim.receivedRequests.last?.target == "/api/v1/hardware/byserial/SN-SHARED?limit=1&offset=1")
    }

    @Test func anUnknownSerialIsNotFound() async throws {
        let f = SnipeITFixture()
        guard case .notFound(let messages) = await f.client.assetsBySerial("NO-SUCH-SERIAL") else {
            Issue.record("Snipe-IT answers the error envelope, not an empty list")
            return
        }
        #expect(messages.description == "Asset does not exist.")
    }

    @Test func aLimitAbove500IsCapped() async throws {
        let f = SnipeITFixture()
        _ = await f.client.assetsBySerial("SN-SHARED", limit: 10_000)
        #expect(f.sim.receivedRequests.last?.target == "/api/v1/hardware/byserial/SN-SHARED?limit=500&offset=0")
    }

    @Test func usersByEmailUsernameAndSearch() async throws {
        let f = SnipeITFixture()
        let byEmail = try #require(await f.client.users(email: "SEAN.ONEIL@example.com").value)
        let sean = try #require(byEmail.rows.first)
        #expect(byEmail.total == 1)
        #expect(sean.name == "Seán O'Neil")
        #expect(sean.username == "soneil")
        #expect(sean.employeeNumber == "0042")
        #expect(sean.location?.name == "HQ \"Main\" & Annex")
        #expect(sean.json["last_name"] == "O'Neil")
        let ada = try #require(await f.client.users(username: "ada").value?.rows.first)
        #expect(ada.json["jobtitle"] == "R&D <Engines>")
        #expect(ada.json["assets_count"] == 1)
        #expect(await f.client.users(search: "lovelace").value?.rows.map(\.id) == [2])
        let nobody = try #require(await f.client.users(email: "nobody@example.com").value)
        #expect(nobody.rows.isEmpty)
        #expect(nobody.total == 0)
    }
}
