import Foundation
import Glibc
import JSON
import Outbound
import Store
import Synchronization
import Testing
import TestSupport

/// Three `serve` processes on one PostgreSQL schema, 16 senders spread over
/// them, and `kill -9` twice: every event answered 2xx produces its actions,
/// one bug per key, no comment twice, each key's comments in its events'
/// order, no dead letter.
@Suite(.serialized) struct ReplicaCrashTests {
    static let events = 3_000
    static let keys = 300
    static let senders = 16
    static let replicas = 3

    /// The replicas' ports (0 while one is down); senders go round the live ones.
    final class Targets: WebhookTarget {
        let ports = Mutex([Int](repeating: 0, count: ReplicaCrashTests.replicas))
        let acknowledged = Atomic(0)

        func port(for attempt: Int) -> Int? {
            let live = ports.withLock { $0.filter { $0 != 0 } }
            return live.isEmpty ? nil : live[attempt % live.count]
        }

        func acknowledge() { acknowledged.add(1, ordering: .relaxed) }
    }

    @Test func threeReplicasSurviveTwoKillNines() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bridge-replicas-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let sim = try await SimChild.start(in: folder)
        let schema = TestPostgres.freshSchema()
        let configPath = folder.appendingPathComponent("bridge.toml").path
        try PipelineHarness.config(
            mapping: try PipelineHarness.ciGenericMapping(in: folder), simURL: sim.url, project: sim.project,
            listen: "127.0.0.1:0", maxAttempts: 50, baseDelay: "10ms", maxDelay: "200ms",
            // A short lease, so the dead replicas' claims are taken over within the test.
            store: try PipelineHarness.postgresStore(schema: schema, lease: "2s")
        ).write(toFile: configPath, atomically: true, encoding: .utf8)
        let environment = ["SNIFFER_TOKEN": sim.token]
        let targets = Targets()
        var processes: [ChildProcess] = []
        for index in 0..<Self.replicas {
            let serve = try ChildProcess(["serve", "--config", configPath], environment: environment, folder: folder, name: "serve\(index)")
            try await Self.waitForPort(serve, index, targets)
            processes.append(serve)
        }

        let transport = try CurlTransport()
        defer { transport.shutdown() }
        let senders = Task {
            await withTaskGroup(of: Void.self) { group in
                for sender in 0..<Self.senders {
                    group.addTask {
                        await CrashTests.send(
                            sender: sender, target: targets, transport: transport, events: Self.events, keys: Self.keys,
                            senders: Self.senders)
                    }
                }
            }
        }
        // A third in: replica 0 dies and comes back; two thirds in: replica 1 dies for good.
        try await waitUntil("a third acknowledged", timeout: .seconds(90), interval: .milliseconds(5)) {
            targets.acknowledged.load(ordering: .relaxed) >= Self.events / 3
        }
        targets.ports.withLock { $0[0] = 0 }
        try await processes[0].stop(SIGKILL)
        processes[0] = try ChildProcess(["serve", "--config", configPath], environment: environment, folder: folder, name: "serve0b")
        try await Self.waitForPort(processes[0], 0, targets)
        try await waitUntil("two thirds acknowledged", timeout: .seconds(90), interval: .milliseconds(5)) {
            targets.acknowledged.load(ordering: .relaxed) >= 2 * Self.events / 3
        }
        targets.ports.withLock { $0[1] = 0 }
        try await processes[1].stop(SIGKILL)
        await senders.value
        #expect(targets.acknowledged.load(ordering: .relaxed) == Self.events)

        let store = try PostgresStore(configuration: .init(url: try TestPostgres.url(), schema: schema, replicaID: "test"))
        try await waitUntil("the outbox drains", timeout: .seconds(90), interval: .milliseconds(200)) {
            let counts = try await store.counts()
            return counts.pendingEvents == 0 && counts.actions[.pending] == 0 && counts.actions[.inFlight] == 0
        }
        for index in [0, 2] { #expect(try await processes[index].stop(SIGTERM) == 0) }
        let counts = try await store.counts()
        #expect(counts.actions[.dead] == 0)
        #expect(counts.actions[.done] == Self.events)

        // Each key's queue, in the order the store ran it: the runs of its events.
        var runsByKey: [String: [Int]] = [:]
        var after: Int64 = 0
        while true {
            let page = try await store.actions(state: nil, afterID: after, limit: 1_000)
            for action in page {
                let event = try #require(try await store.event(id: action.eventID))
                let payload = String(decoding: event.payload, as: UTF8.self)
                let run = try #require(payload.firstMatch(of: /runs\/(\d+)/).flatMap { Int($0.1) }, "no run in \(payload)")
                runsByKey[action.dedupKey, default: []].append(run)
            }
            guard let last = page.last, page.count == 1_000 else { break }
            after = last.id
        }
        await store.close()

        let inspector = sim.inspector(transport)
        let bugs = try await inspector.bugs()
        let comments = try await inspector.comments()
        _ = try await sim.process.stop(SIGTERM)
        #expect(bugs.count == Self.keys)
        #expect(Set(bugs.compactMap(\.integrationKey)).count == Self.keys, "a dedup key has two bugs")
        let texts = comments.map(\.text)
        #expect(Set(texts).count == texts.count, "a comment was posted twice")
        #expect(texts.count == Self.events - Self.keys)
        // Per key, the comments follow the queue: every run after the first, in order.
        let keyOfBug = Dictionary(uniqueKeysWithValues: bugs.map { ($0.id, $0.integrationKey ?? "") })
        var commentedRuns: [String: [Int]] = [:]
        for comment in comments {
            guard let match = comment.text.firstMatch(of: /runs\/(\d+)/), let run = Int(match.1) else { continue }
            commentedRuns[keyOfBug[comment.bug] ?? "", default: []].append(run)
        }
        var outOfOrder = 0
        for (key, runs) in runsByKey where commentedRuns[key] != Array(runs.dropFirst()) { outOfOrder += 1 }
        #expect(outOfOrder == 0, "\(outOfOrder) keys' comments are not in their queue's order")
    }

    static func waitForPort(_ serve: ChildProcess, _ index: Int, _ targets: Targets) async throws {
        let line = try JSON(parsing: try await serve.firstLine())
        let listen = try #require(line["listen"]?.stringValue)
        let port = try #require(listen.split(separator: ":").last.flatMap { Int($0) })
        targets.ports.withLock { $0[index] = port }
    }
}
