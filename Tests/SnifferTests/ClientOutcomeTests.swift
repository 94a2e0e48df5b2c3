import Foundation
import JSON
import Outbound
import Sniffer
import SnifferSim
import Testing

/// The client's observable reaction to each fault and error.
@Suite struct ClientOutcomeTests {
    @Test(arguments: [
        "API token has expired", "Invalid API token", "Invalid API token format", "Authentication required",
        "Invalid or expired API token",
    ])
    func every401MessageIsTokenRejected(message: String) async throws {
        let f = try Fixture()
        try await f.arm(["route": "/projects", "status": 401, "message": .string(message)])
        guard case .tokenRejected(let got) = await f.client.projects() else {
            Issue.record("401 \(message) must be tokenRejected")
            return
        }
        #expect(got == message)
    }

    @Test func realTokenFailuresAreTokenRejected() async throws {
        let f = try Fixture()
        let expired = SimToken.mint(companyID: f.sim.seed.company, expiresAt: Date(timeIntervalSinceNow: -60))
        let cases = [("", "Authentication required"), ("abc", "Invalid API token format"), (expired, "API token has expired")]
        for (token, message) in cases {
            guard case .tokenRejected(let got) = await f.client(token: token).projects() else {
                Issue.record("token \(message) must be rejected")
                continue
            }
            #expect(got == message)
        }
        try await f.arm(["method": "POST", "route": "/bug", "action": "expireToken"])
        guard case .tokenRejected(let got) = await f.client.createBug(f.draft("x")) else {
            Issue.record("an expired token must be rejected")
            return
        }
        #expect(got == "API token has expired")
    }

    @Test func conflictOnCreateIsResolvedByLookUp() async throws {
        let f = try Fixture { $0.conflictOnDuplicateKey = true }
        let first = try #require(await f.client.createBug(f.draft("once", key: "K-1")).value)
        let second = try #require(await f.client.createBug(f.draft("once", key: "K-1")).value)
        #expect(second.alreadyExisted)
        #expect(second.bug.id == first.bug.id)
        #expect(f.sim.bugCount() == 1)
        let methods = f.sim.receivedRequests.map { "\($0.method) \($0.status)" }
        #expect(methods == ["POST 201", "POST 409", "GET 200"])
    }

    @Test func conflictWithoutAKeyStaysAConflict() async throws {
        let f = try Fixture()
        try await f.arm(["method": "POST", "route": "/bug", "status": 409, "message": "Duplicate"])
        guard case .conflict(let error) = await f.client.createBug(f.draft("no key")) else {
            Issue.record("409 without a key is a conflict")
            return
        }
        #expect(error.message == "Duplicate")
    }

    @Test func lostResponseThenRetryGivesExactlyOneBug() async throws {
        let f = try Fixture()
        try await f.arm(["method": "POST", "route": "/bug", "action": "applyThenDrop"])
        guard case .retryable(let failure) = await f.client.createBug(f.draft("lost", key: "run-9")) else {
            Issue.record("a dropped connection is retryable")
            return
        }
        #expect(failure.transportFailure?.kind == .connectionReset)
        #expect(failure.status == nil)
        #expect(f.sim.bugCount() == 1)  // applied although unanswered
        let retried = try #require(await f.client.createBug(f.draft("lost", key: "run-9"), lookUpFirst: true).value)
        #expect(retried.alreadyExisted)
        #expect(f.sim.bugCount() == 1)
        // A naive retry (no look-up first) files a second bug: the reference
        // promises no uniqueness of the integration key, and neither does the simulator.
        let naive = try #require(await f.client.createBug(f.draft("lost", key: "run-9")).value)
        #expect(naive.bug.id != retried.bug.id)
        #expect(f.sim.bugCount() == 2)
    }

    @Test(arguments: [(503, "7"), (429, "Wed, 21 Oct 2026 07:28:00 GMT"), (502, nil)] as [(Int, String?)])
    func serverFailuresSurfaceRetryData(status: Int, retryAfter: String?) async throws {
        let f = try Fixture()
        var fault: JSONObject = ["route": "/bug", "status": .int(Int64(status))]
        if let retryAfter { fault["retryAfter"] = .string(retryAfter) }
        try await f.arm(.object(fault))
        guard case .retryable(let failure) = await f.client.createBug(f.draft("busy")) else {
            Issue.record("\(status) is retryable")
            return
        }
        #expect(failure.status == status)
        #expect(failure.retryAfter == retryAfter)
        #expect(failure.transportFailure == nil)
        #expect(f.sim.bugCount() == 0)
        #expect(await f.client.createBug(f.draft("busy")).value != nil)  // the fault was for one call
    }

    @Test func resetIsRetryableAndAppliesNothing() async throws {
        let f = try Fixture()
        try await f.arm(["route": "/bug", "action": "reset"])
        guard case .retryable(let failure) = await f.client.createBug(f.draft("reset")) else {
            Issue.record("a reset is retryable")
            return
        }
        #expect(failure.transportFailure?.kind == .connectionReset)
        #expect(f.sim.bugCount() == 0)
    }

    @Test func latencyIsObservedByTheClient() async throws {
        let f = try Fixture()
        try await f.arm(["route": "/projects", "latencyMs": 60])
        let started = ContinuousClock.now
        #expect(await f.client.projects().value != nil)
        #expect(ContinuousClock.now - started >= .milliseconds(60))
    }

    @Test func validationErrorsAreClientErrors() async throws {
        let f = try Fixture()
        var draft = f.draft("bad severity")
        draft.severity = "Apocalyptic"
        guard case .clientError(let error) = await f.client.createBug(draft) else {
            Issue.record("a 400 is a client error")
            return
        }
        #expect(error == SnifferAPIError(
            statusCode: 400, message: "severity must be one of the following values: Low, Medium, High, Critical",
            error: "Bad Request"))
    }
}
