import Bridge
import Foundation
import JSON
import Store
import Synchronization
import Testing
import TestSupport

/// The gateway on PostgreSQL (`[store] backend = "postgres"`), in process,
/// against the test cluster: one replica, and two sharing one schema.
@Suite(.serialized) struct PostgresGatewayTests {
    @Test func failureFilesABugRepeatCommentsSuccessResolves() async throws {
        let harness = try PipelineHarness(store: try PipelineHarness.postgresStore(schema: TestPostgres.freshSchema()))
        let gateway = try await harness.startGateway()
        for event in [CIEvent(key: 1, run: 1), CIEvent(key: 1, run: 2), CIEvent(key: 1, run: 3, status: "success")] {
            let answer = try await harness.post(event.body, to: gateway)
            #expect(answer.status == 202)
            try await harness.drain(gateway)
        }
        #expect(await gateway.readiness() == nil)
        await gateway.stop()
        let bugs = try await harness.inspector.bugs()
        try #require(bugs.count == 1)
        #expect(bugs[0].status == harness.simulator.seed.statuses.first { $0.name == "Resolved" }?.id)
        #expect(try await harness.inspector.comments().map(\.text).sorted() == [
            "Failed again: run 2 (failure) https://ci.example/p1/runs/2",
            "Fixed: run 3 succeeded https://ci.example/p1/runs/3",
        ])
    }

    /// Two replicas on one schema: a redelivery that reaches the other is a
    /// duplicate, and one key's events, spread over both, file one bug
    /// whose comments keep the events' order.
    @Test func twoReplicasShareDedupAndOneKeysOrder() async throws {
        let harness = try PipelineHarness(store: try PipelineHarness.postgresStore(schema: TestPostgres.freshSchema()))
        let a = try await harness.startGateway(concurrency: 4)
        let b = try await harness.startGateway(concurrency: 4)
        let first = try await harness.post(CIEvent(key: 7, run: 1).body, to: a, idempotencyKey: "delivery-1")
        let again = try await harness.post(CIEvent(key: 7, run: 1).body, to: b, idempotencyKey: "delivery-1")
        #expect(first.status == 202 && first.json?["duplicate"] == .bool(false))
        #expect(again.status == 200 && again.json?["duplicate"] == .bool(true))
        #expect(again.json?["id"] == first.json?["id"])
        for run in 2...12 {
            let answer = try await harness.post(CIEvent(key: 7, run: run).body, to: run % 2 == 0 ? b : a, idempotencyKey: "delivery-\(run)")
            #expect(answer.status == 202)
        }
        try await harness.drain(a)
        try await harness.drain(b)
        await a.stop()
        await b.stop()
        let bugs = try await harness.inspector.bugs()
        #expect(bugs.count == 1)
        let comments = try await harness.inspector.comments()
        #expect(comments.map(\.text) == (2...12).map { "Failed again: run \($0) (failure) https://ci.example/p7/runs/\($0)" })
    }

    /// The same failure posted to three replicas at once, round after
    /// round: one bug, and its comments in the order the store queued them.
    @Test func theSameKeyOnEveryReplicaFilesOneBugWithItsCommentsInOrder() async throws {
        let schema = TestPostgres.freshSchema()
        let harness = try PipelineHarness(store: try PipelineHarness.postgresStore(schema: schema))
        var replicas: [Gateway] = []
        for _ in 0..<3 { replicas.append(try await harness.startGateway(concurrency: 4)) }
        let rounds = 20
        for round in 0..<rounds {
            try await withThrowingTaskGroup(of: Int.self) { group in
                for (index, replica) in replicas.enumerated() {
                    let run = round * 3 + index
                    group.addTask { try await harness.post(CIEvent(key: 3, run: run).body, to: replica, idempotencyKey: "run-\(run)").status }
                }
                for try await status in group { #expect(status == 202) }
            }
        }
        for replica in replicas { try await harness.drain(replica) }
        for replica in replicas { await replica.stop() }
        let store = try PostgresStore(configuration: .init(url: try TestPostgres.url(), schema: schema, replicaID: "test"))
        var queued: [Int] = []
        for action in try await store.actions(state: nil, afterID: 0, limit: 1_000) {
            let payload = String(decoding: try #require(try await store.event(id: action.eventID)).payload, as: UTF8.self)
            queued += payload.firstMatch(of: /runs\/(\d+)/).flatMap { Int($0.1) }.map { [$0] } ?? []
        }
        await store.close()
        #expect(queued.count == rounds * 3)
        let bugs = try await harness.inspector.bugs()
        #expect(bugs.count == 1)
        let commented = try await harness.inspector.comments().compactMap { $0.text.firstMatch(of: /runs\/(\d+)/).flatMap { Int($0.1) } }
        #expect(commented == Array(queued.dropFirst()), "the comments follow the key's queue")
    }

    /// The database goes away mid-load and comes back: the senders get 503
    /// (never a 2xx) while it is down, `/readyz` says why, and the gateway
    /// heals by itself; every event answered 2xx is delivered.
    @Test func aDatabaseRestartMidLoadLosesNothingAndHealsBySelf() async throws {
        let control = try #require(
            ProcessInfo.processInfo.environment["SNIFFER_BRIDGE_TEST_POSTGRES_CONTROL"],
            "SNIFFER_BRIDGE_TEST_POSTGRES_CONTROL is not set: run the tests under Tests/with-postgres.sh")
        let harness = try PipelineHarness(store: try PipelineHarness.postgresStore(schema: TestPostgres.freshSchema()))
        let gateway = try await harness.startGateway()
        let events = 300, keys = 20
        let acknowledged = Atomic(0), refused = Atomic(0)
        let sender = Task {
            for number in 0..<events {
                while true {
                    let answer = try? await harness.post(
                        CIEvent(key: number % keys, run: number).body, to: gateway, idempotencyKey: "event-\(number)")
                    if let status = answer?.status, (200..<300).contains(status) { break }
                    if answer?.status == 503 { refused.add(1, ordering: .relaxed) }
                    try? await Task.sleep(for: .milliseconds(20))
                }
                acknowledged.add(1, ordering: .relaxed)
                try? await Task.sleep(for: .milliseconds(3))
            }
        }
        try await waitUntil("a third acknowledged", timeout: .seconds(30)) { acknowledged.load(ordering: .relaxed) >= events / 3 }
        try Self.run(control, "stop")
        try await waitUntil("ingest refuses with 503", timeout: .seconds(30)) { refused.load(ordering: .relaxed) > 0 }
        let reason = await gateway.readiness()
        #expect(reason?.contains("PostgreSQL") == true, "readiness while the database is down: \(reason ?? "ready")")
        try Self.run(control, "start")
        await sender.value
        try await harness.drain(gateway, timeout: .seconds(60))
        #expect(await gateway.readiness() == nil)
        await gateway.stop()
        let bugs = try await harness.inspector.bugs()
        let texts = try await harness.inspector.comments().map(\.text)
        #expect(bugs.count == keys)
        #expect(texts.count == events - keys)
        #expect(Set(texts).count == texts.count, "a comment was posted twice")
    }

    static func run(_ control: String, _ verb: String) throws {
        let status = try runCommand(control, [verb])
        guard status == 0 else { throw HarnessError("\(control) \(verb) exited \(status)") }
    }

    /// `deliveries --config` reads `[store]` and works on PostgreSQL.
    @Test func deliveriesListsAndRetriesOnPostgres() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bridge-pg-deliveries-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let schema = TestPostgres.freshSchema()
        let store = try PostgresStore(configuration: .init(url: try TestPostgres.url(), schema: schema))
        let event = NewEvent(source: "ci", deliveryID: "d-1", name: "failure", receivedAt: 1_000, payload: Array("{}".utf8))
        _ = try await store.append(event, actions: [NewAction(dedupKey: "k", kind: "create_bug", payload: Array("{}".utf8))])
        let claimed = try #require(try await store.claimDue(now: 1_000, limit: 1).first)
        try await store.deadLetter(actionID: claimed.id, error: "400 Bad Request: property run_url should not exist", now: 1_100)
        await store.close()
        let config = folder.appendingPathComponent("bridge.toml")
        try "[store]\n\(try PipelineHarness.postgresStore(schema: schema))\n".write(to: config, atomically: true, encoding: .utf8)

        let list = try await ChildProcess.run(["deliveries", "list", "--config", config.path], folder: folder)
        #expect(list.status == 0, "\(list.error)")
        #expect(list.output.contains("dead"))
        let retry = try await ChildProcess.run(["deliveries", "retry", "--all-dead", "--config", config.path], folder: folder)
        #expect(retry.status == 0, "\(retry.error)")
        #expect(retry.output.contains("1 dead delivery queued again"))
        let reopened = try PostgresStore(configuration: .init(url: try TestPostgres.url(), schema: schema))
        #expect(try await reopened.action(id: claimed.id)?.state == .pending)
        await reopened.close()
    }

    /// A gateway that cannot reach its database does not start, and says
    /// which schema it wanted, never the URL's password.
    @Test func anUnreachableDatabaseIsAPreciseErrorWithoutThePassword() throws {
        let harness = try PipelineHarness(store: """
            backend = "postgres"
            url = "postgresql://gateway:hunter2-secret@127.0.0.1:1/gateway?connect_timeout=2"
            schema = "nowhere"
            """)
        do {
            _ = try harness.makeGateway()
            Issue.record("the gateway started without its database")
        } catch {
            let message = "\(error)"
            #expect(message.contains("the PostgreSQL schema nowhere"))
            #expect(message.contains("PostgreSQL is unreachable"))
            #expect(!message.contains("hunter2-secret"))
        }
    }
}
