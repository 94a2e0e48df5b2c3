import Bridge
import Foundation
import JSON
import SnifferSim
import Store
import Testing
import TestSupport

/// The gateway in process against the simulator over real TCP: ingest,
/// dispatch and delivery for `/hooks/ci` with `mappings/ci-generic.toml`.
@Suite(.serialized) struct PipelineTests {
    /// With the strict simulator, naming ids `_id` (as the reference shows
    /// them) and `id`.
    @Test(arguments: [SnifferSimulator.Configuration.IDField.underscore, .plain])
    func failureFilesABugRepeatCommentsSuccessResolves(_ idField: SnifferSimulator.Configuration.IDField) async throws {
        var simulator = SnifferSimulator.Configuration.strict
        simulator.idField = idField
        let harness = try PipelineHarness(simulator: simulator)
        let gateway = try await harness.startGateway()
        for event in [CIEvent(key: 1, run: 1), CIEvent(key: 1, run: 2), CIEvent(key: 1, run: 3, status: "success")] {
            let answer = try await harness.post(event.body, to: gateway)
            #expect(answer.status == 202)
            #expect(answer.json?["duplicate"] == .bool(false))
            try await harness.drain(gateway)
        }
        await gateway.stop()
        let bugs = try await harness.inspector.bugs()
        try #require(bugs.count == 1)
        #expect(bugs[0].integrationKey == CIEvent(key: 1, run: 1).dedupKey)
        #expect(bugs[0].summary == "CI failed: p1 on main")
        let resolved = harness.simulator.seed.statuses.first { $0.name == "Resolved" }?.id
        #expect(bugs[0].status == resolved)
        let comments = try await harness.inspector.comments().map(\.text).sorted()
        #expect(comments == [
            "Failed again: run 2 (failure) https://ci.example/p1/runs/2",
            "Fixed: run 3 succeeded https://ci.example/p1/runs/3",
        ])
    }

    @Test func redeliveredFiveTimesGivesOneSetOfActions() async throws {
        let harness = try PipelineHarness()
        let gateway = try await harness.startGateway()
        let event = CIEvent(key: 7, run: 1)
        var answers: [(Int, JSON?)] = []
        for _ in 0..<5 { answers.append(try await harness.post(event.body, to: gateway, idempotencyKey: "delivery-7")) }
        #expect(answers[0].0 == 202)
        #expect(answers[0].1?["duplicate"] == .bool(false))
        let id = try #require(answers[0].1?["id"]?.intValue)
        for answer in answers.dropFirst() {
            #expect(answer.0 == 200)
            #expect(answer.1 == ["id": .int(id), "duplicate": true])
        }
        try await harness.drain(gateway)
        let actions = try await gateway.store.actions(state: nil, afterID: 0, limit: 100)
        await gateway.stop()
        #expect(actions.count == 1)
        #expect(actions.first?.state == .done)
        #expect(try await harness.inspector.bugs().count == 1)
        #expect(try await harness.inspector.comments().isEmpty)
    }

    @Test func storedPayloadIsMinified() async throws {
        let harness = try PipelineHarness()
        let gateway = try await harness.startGateway()
        let event = CIEvent(key: 2, run: 1)
        let answer = try await harness.post(event.body, to: gateway)
        let id = try #require(answer.json?["id"]?.intValue)
        let stored = try #require(try await gateway.store.event(id: id))
        await gateway.stop()
        #expect(event.body.contains(UInt8(ascii: "\n")))
        #expect(!stored.payload.contains(UInt8(ascii: "\n")))
        #expect(stored.payload == (try JSON(parsing: stored.payload)).serializedBytes())
        #expect(stored.payload.count < event.body.count)
        #expect(try JSON(parsing: stored.payload)["pipeline"] == "p2")
        #expect(!stored.headers.contains { $0.name.lowercased() == "authorization" })
    }

    @Test func refusalsAreAnsweredPreciselyAndStoreNothing() async throws {
        let harness = try PipelineHarness()
        let gateway = try await harness.startGateway()
        let event = CIEvent(key: 3, run: 1)
        let unknown = try await harness.post(event.body, to: gateway, source: "github")
        #expect(unknown.status == 404)
        let badToken = try await harness.post(event.body, to: gateway, token: "wrong")
        #expect(badToken.status == 401)
        #expect(badToken.json?["error"] == "unauthorized")
        let badBody = try await harness.post(Array(#"{"pipeline": "x"}"#.utf8), to: gateway)
        #expect(badBody.status == 400)
        #expect(badBody.json?["message"]?.stringValue?.contains("status") == true)
        let counts = try await gateway.counts()
        await gateway.stop()
        #expect(counts.pendingEvents == 0)
        #expect(counts.actions.values.reduce(0, +) == 0)
    }

    @Test func exhaustedRetriesDeadLetterWithTheLastErrorAndOperatorRetryDelivers() async throws {
        let harness = try PipelineHarness(maxAttempts: 3)
        harness.simulator.addFault(try SimFaultJSON.make(["method": "POST", "route": "/bug", "status": 500, "times": 3]))
        let gateway = try await harness.startGateway()
        _ = try await harness.post(CIEvent(key: 4, run: 1).body, to: gateway)
        try await harness.drain(gateway)
        let dead = try await gateway.store.actions(state: .dead, afterID: 0, limit: 10)
        try #require(dead.count == 1)
        #expect(dead[0].attempts == 3)
        #expect(dead[0].lastError?.contains("500") == true)
        #expect(try await harness.inspector.bugs().isEmpty)
        try await gateway.store.retryAction(id: dead[0].id, now: EpochMillis(Date().timeIntervalSince1970 * 1000))
        try await harness.drain(gateway)
        let done = try await gateway.store.action(id: dead[0].id)
        await gateway.stop()
        #expect(done?.state == .done)
        #expect(try await harness.inspector.bugs().count == 1)
    }

    @Test func finishedWorkIsPrunedAfterTheRetentionWindow() async throws {
        let harness = try PipelineHarness()
        let gateway = try await harness.startGateway(retention: .zero, pruneInterval: .milliseconds(50))
        let answer = try await harness.post(CIEvent(key: 5, run: 1).body, to: gateway)
        let id = try #require(answer.json?["id"]?.intValue)
        try await harness.drain(gateway)
        try await waitUntil("the done delivery and its event are pruned", interval: .milliseconds(20)) {
            let actions = try await gateway.store.actions(state: nil, afterID: 0, limit: 10).count
            let event = try await gateway.store.event(id: id)
            return actions == 0 && event == nil
        }
        await gateway.stop()
        #expect(try await harness.inspector.bugs().count == 1)
    }
}
