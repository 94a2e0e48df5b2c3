import Foundation
import HTTP
import JSON
import SnipeIT
import SnipeITSim
import Testing

/// The simulator's control endpoints and the behaviour they configure.
@Suite struct SimulatorControlTests {
    @Test func requestsAreRecordedWithTheTokenHidden() async throws {
        let f = SnipeITFixture()
        _ = await f.client.assetByTag("LAPTOP-0001")
        let response = await f.raw("GET", "/_sim/requests", headers: [])
        let log = try JSON(parsing: response.body)
        #expect(log["total"] == 1)
        #expect(log["items"]?[0]?["target"] == "/api/v1/hardware/bytag/LAPTOP-0001")
        #expect(log["items"]?[0]?["status"] == 200)
        #expect(log["items"]?[0]?["headers"]?["authorization"] == "Bearer ***")
        #expect(!String(decoding: response.body, as: UTF8.self).contains(f.sim.token))
        _ = await f.raw("DELETE", "/_sim/requests", headers: [])
        #expect(f.sim.receivedRequests.isEmpty)
    }

    @Test func faultsAreArmedListedAndCleared() async throws {
        let f = SnipeITFixture()
        let faults = #"[{"status":503,"times":2,"route":"/api/v1/hardware/*"},{"action":"down","method":"PATCH"}]"#
        let armed = await f.raw("POST", "/_sim/faults", headers: [], body: Array(faults.utf8))
        #expect(armed.status == 201)
        let listed = try JSON(parsing: await f.raw("GET", "/_sim/faults", headers: []).body)
        #expect(listed["faults"]?.arrayValue?.count == 2)
        #expect(listed["faults"]?[1]?["times"] == .null)
        // The route prefix aims the first fault at hardware calls only.
        #expect(await f.client.users(username: "ada").value != nil)
        #expect(await f.client.assetByTag("LAPTOP-0001").value == nil)
        #expect(f.sim.receivedRequests.last?.fault == 1)
        let bad = await f.raw("POST", "/_sim/faults", headers: [], body: Array(#"{"action":"explode"}"#.utf8))
        #expect(bad.status == 400)
        #expect(String(decoding: bad.body, as: UTF8.self).contains("unknown action"))
        _ = await f.raw("DELETE", "/_sim/faults", headers: [])
        #expect(await f.client.updateAsset(id: 1, statusID: 1).value != nil)
    }

    @Test func theRateLimitChangesAtRunTime() async throws {
        let f = SnipeITFixture()
        let set = await f.raw("PUT", "/_sim/rate-limit", headers: [], body: Array(#"{"perMinute":1,"answer":"envelope"}"#.utf8))
        #expect(try JSON(parsing: set.body) == ["perMinute": 1, "answer": "envelope"])
        #expect(await f.raw("GET", "/api/v1/statuslabels").headers["X-RateLimit-Remaining"] == "0")
        let throttled = try await f.rawJSON("GET", "/api/v1/statuslabels")
        #expect(throttled.0 == 200)
        #expect(throttled.1 == ["status": "error", "messages": "Too Many Requests.", "payload": nil])
        _ = await f.raw("DELETE", "/_sim/rate-limit", headers: [])
        #expect(await f.raw("GET", "/api/v1/statuslabels").status == 200)
        let wrong = await f.raw("PUT", "/_sim/rate-limit", headers: [], body: Array(#"{"answer":"teapot"}"#.utf8))
        #expect(wrong.status == 400)
    }

    @Test func throttlingCountsPerToken() async throws {
        let f = SnipeITFixture { sim in
            sim.tokens = ["first", "second"]
            sim.rateLimitPerMinute = 1
        }
        func status(_ token: String) async -> Int {
            let headers = [("Authorization", "Bearer \(token)"), ("Accept", "application/json")]
            return await f.raw("GET", "/api/v1/statuslabels", headers: headers).status
        }
        #expect(await status("first") == 200)
        #expect(await status("first") == 429)
        #expect(await status("second") == 200)
        // A rejected token is not counted (authentication runs before the throttle).
        #expect(await status("third") == 401)
    }

    @Test func theStateShowsStoredRowsUnescaped() async throws {
        let f = SnipeITFixture()
        _ = await f.client.updateAsset(id: 3, statusID: 4)
        let state = try JSON(parsing: await f.raw("GET", "/_sim/state", headers: []).body)
        #expect(state["assets"]?[2]?["status_id"] == 4)
        #expect(state["manufacturers"]?[1]?["name"] == "Dell & Sons")
        #expect(state["statuslabels"]?.arrayValue?.count == 7)
    }

    @Test func unknownRoutesAndMethodsAnswerLikeSnipeIT() async throws {
        let f = SnipeITFixture()
        let base = try await f.rawJSON("GET", "/api/v1")
        #expect(base.0 == 404)
        #expect(base.1["status"] == "error")
        let missing = try await f.rawJSON("GET", "/api/v1/licences")
        #expect(missing.0 == 404)
        #expect(missing.1["messages"] == "404 endpoint not found")
        let method = try await f.rawJSON("DELETE", "/api/v1/statuslabels")
        #expect(method.0 == 405)
        #expect(method.1["messages"] == "Method not allowed")
        let asset = try await f.rawJSON("GET", "/api/v1/hardware/99")
        #expect(asset.0 == 200)
        #expect(asset.1["messages"] == "Asset does not exist.")
        #expect(await f.raw("GET", "/api/v1/hardware/bytag/DUP-0001?deleted=true").status == 200)
        let one = try await f.rawJSON("GET", "/api/v1/hardware/bytag/LAPTOP-0001?deleted=true")
        #expect(one.1["total"] == 1)
    }
}
