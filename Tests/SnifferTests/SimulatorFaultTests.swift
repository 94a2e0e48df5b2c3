import Foundation
import JSON
import SnifferSim
import Testing

@Suite struct SimulatorFaultTests {
    @Test func faultsParseAndNameTheirMistakes() throws {
        let fault = try SimFault(json: ["method": "post", "route": "/bug/:id", "status": 429, "retryAfter": 3])
        #expect(fault.action == .status)
        #expect(fault.method == "POST")
        #expect(fault.retryAfter == "3")
        #expect(fault.times == 1)
        #expect(try SimFault(json: ["latencyMs": 5, "fraction": 0.5]).times == nil)
        let bad: [(JSON, String)] = [
            (["route": "/bug"], "fault: give an \"action\", a \"status\" or a \"latencyMs\""),
            (["action": "explode"], "fault: unknown action \"explode\" (expected one of status, latency, reset, applyThenDrop, expireToken)"),
            (["status": 503, "colour": "red"], "fault: unknown field \"colour\""),
            (["status": 99], "fault: \"status\" must be an integer in 100...599"),
            (["status": 503, "fraction": 2], "fault: \"fraction\" must be a number in (0, 1]"),
            (["status": 503, "route": "bug"], "fault: \"route\" must start with / (or be *)"),
            ([1, 2], "fault must be a JSON object"),
        ]
        for (json, message) in bad {
            #expect(throws: SimFault.ParseError.self) { try SimFault(json: json) }
            do { _ = try SimFault(json: json) } catch { #expect(String(describing: error) == message) }
        }
    }

    @Test func statusFaultFiresTheNextNCallsOfItsRouteOnly() async throws {
        let f = try Fixture()
        try await f.arm(["method": "GET", "route": "/bug/:id", "status": 503, "times": 2, "message": "maintenance"])
        #expect(await f.raw("GET", "/projects").status == 200)
        let (first, body) = try await f.rawJSON("GET", "/bug/abc")
        #expect(first == 503)
        #expect(body == ["statusCode": 503, "message": "maintenance", "error": "Service Unavailable"])
        #expect(await f.raw("GET", "/bug/abc").status == 503)
        #expect(await f.raw("GET", "/bug/abc").status == 404)
        #expect(f.sim.armedFaults.isEmpty)
    }

    @Test func retryAfterAndCustomBodyAreSent() async throws {
        let f = try Fixture()
        try await f.arm(["route": "/projects", "status": 429, "retryAfter": "7", "body": ["slow": "down"]])
        let response = await f.raw("GET", "/projects")
        #expect(response.status == 429)
        #expect(response.headers["Retry-After"] == "7")
        #expect(try JSON(parsing: response.body) == ["slow": "down"])
    }

    @Test func fractionFaultsAreDeterministicAndPartial() async throws {
        let f = try Fixture()
        try await f.arm(["route": "/projects", "status": 500, "fraction": 0.5])
        var failed = 0
        for _ in 0..<200 where await f.raw("GET", "/projects").status == 500 { failed += 1 }
        #expect(failed > 60 && failed < 140)
    }

    @Test func resetDropsWithoutApplying() async throws {
        let f = try Fixture()
        try await f.arm(["method": "POST", "route": "/bug", "action": "reset"])
        let response = await f.raw("POST", "/bug", body: ["summary": "x", "project": .string(f.project)])
        #expect(response.abortConnection)
        #expect(f.sim.bugCount() == 0)
    }

    @Test func applyThenDropAppliesAndDrops() async throws {
        let f = try Fixture()
        try await f.arm(["method": "POST", "route": "/bug", "action": "applyThenDrop"])
        let response = await f.raw("POST", "/bug", body: ["summary": "x", "project": .string(f.project)])
        #expect(response.abortConnection)
        #expect(f.sim.bugCount() == 1)
    }

    @Test func latencyDelaysTheAnswer() async throws {
        let f = try Fixture()
        try await f.arm(["route": "/projects", "latencyMs": 80])
        let started = ContinuousClock.now
        #expect(await f.raw("GET", "/projects").status == 200)
        #expect(ContinuousClock.now - started >= .milliseconds(80))
    }

    @Test func expireTokenFaultExpiresThePresentedToken() async throws {
        let f = try Fixture()
        try await f.arm(["route": "/projects", "action": "expireToken"])
        let (status, body) = try await f.rawJSON("GET", "/projects")
        #expect(status == 401)
        #expect(body["message"] == "API token has expired")
        #expect(await f.raw("GET", "/bugs").status == 401)  // stays expired
        let fresh = f.sim.mintToken(company: f.sim.seed.company, lifetime: 60)
        #expect(await f.raw("GET", "/bugs", token: fresh).status == 200)
    }

    @Test func controlPlaneListsAndClears() async throws {
        let f = try Fixture()
        try await f.arm([["status": 500, "route": "/a"], ["status": 502, "route": "/b"]])
        let (_, listed) = try await f.rawJSON("GET", "/_sim/faults")
        #expect(listed["faults"]?.arrayValue?.count == 2)
        #expect(listed["faults"]?[1]?["id"] == 2)
        #expect(await f.raw("DELETE", "/_sim/faults").status == 200)
        #expect(f.sim.armedFaults.isEmpty)
        #expect(await f.raw("POST", "/_sim/faults", body: ["action": "nope"]).status == 400)
        let (_, minted) = try await f.rawJSON("POST", "/_sim/tokens", body: ["company": "c9", "expiresIn": "1h"])
        let token = try #require(minted["token"]?.stringValue)
        #expect(SimToken.verify(token, now: Date()) == .success("c9"))
    }

    @Test func requestLogKeepsWhatArrivedButNotTheToken() async throws {
        let f = try Fixture()
        _ = await f.raw("POST", "/bug", body: ["summary": "logged", "project": .string(f.project)])
        let (_, log) = try await f.rawJSON("GET", "/_sim/requests")
        let entry = try #require(log["items"]?[0])
        #expect(entry["method"] == "POST")
        #expect(entry["target"] == "/bug")
        #expect(entry["status"] == 201)
        #expect(entry["headers"]?["api-token"] == "***")
        #expect(entry["body"]?.stringValue?.contains("logged") == true)
        let text = log.serialized()
        #expect(!text.contains(f.sim.seed.token))
        _ = await f.raw("DELETE", "/_sim/requests")
        #expect(f.sim.receivedRequests.isEmpty)
    }
}
