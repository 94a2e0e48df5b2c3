import Foundation
import Glibc
import JSON
import Outbound
import Store
import Synchronization
import Testing
import TestSupport

/// Where a crash test's senders post: the port of a live gateway for an
/// attempt (round the live replicas when there are several), or `nil`
/// while none is up.
protocol WebhookTarget: Sendable {
    func port(for attempt: Int) -> Int?
    func acknowledge()
}

/// The promise under `kill -9`: `sim` and `serve` as real processes, 16
/// senders, the gateway killed mid-way and restarted. Every event that got
/// a 2xx produces its actions; one bug per dedup key; no comment twice.
@Suite(.serialized) struct CrashTests {
    static let events = 2_000
    static let keys = 300
    static let senders = 16

    /// Where senders post: the running gateway's port (0 while it is down).
    final class Target: WebhookTarget {
        let port = Mutex(0)
        let acknowledged = Atomic(0)

        func port(for attempt: Int) -> Int? {
            let port = port.withLock { $0 }
            return port == 0 ? nil : port
        }

        func acknowledge() { acknowledged.add(1, ordering: .relaxed) }
    }

    @Test func killNineMidRunLosesAndDuplicatesNothing() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bridge-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let sim = try await SimChild.start(in: folder)

        let mapping = try PipelineHarness.ciGenericMapping(in: folder)
        let configPath = folder.appendingPathComponent("bridge.toml").path
        try PipelineHarness.config(
            mapping: mapping, simURL: sim.url, project: sim.project, listen: "127.0.0.1:0", maxAttempts: 50,
            // "os": a kill -9 is a process crash, which writes already made survive;
            // "fsync" adds power-loss safety (the Store tests cover it) and floods the
            // shared disk with syncs that disturb the timing-sensitive suites beside it.
            baseDelay: "10ms", maxDelay: "200ms", durability: "os"
        ).write(toFile: configPath, atomically: true, encoding: .utf8)
        let environment = ["SNIFFER_TOKEN": sim.token]

        let target = Target()
        var serve = try ChildProcess(["serve", "--config", configPath], environment: environment, folder: folder, name: "serve1")
        try await Self.waitForPort(serve, target)

        let transport = try CurlTransport()
        defer { transport.shutdown() }
        let senders = Task {
            await withTaskGroup(of: Void.self) { group in
                for sender in 0..<Self.senders {
                    group.addTask { await Self.send(sender: sender, target: target, transport: transport) }
                }
            }
        }
        // Kill the gateway with about a third of the events acknowledged.
        try await waitUntil("a third of the events acknowledged", timeout: .seconds(60), interval: .milliseconds(5)) {
            target.acknowledged.load(ordering: .relaxed) >= Self.events / 3
        }
        target.port.withLock { $0 = 0 }
        try await serve.stop(SIGKILL)
        serve = try ChildProcess(["serve", "--config", configPath], environment: environment, folder: folder, name: "serve2")
        try await Self.waitForPort(serve, target)
        await senders.value
        #expect(target.acknowledged.load(ordering: .relaxed) == Self.events)

        // Drain: watch the simulator until every action has landed (or the time is up).
        // The store is opened only once serve has exited: opening it beside a busy
        // gateway may wait for its write lock, blocking a thread of the shared pool.
        let inspector = sim.inspector(transport)
        try await waitUntil("every action lands in the simulator", timeout: .seconds(45), interval: .milliseconds(200)) {
            let bugs = try await inspector.bugs().count
            let comments = try await inspector.comments().count
            return bugs >= Self.keys && comments >= Self.events - Self.keys
        }
        // Then until serve has recorded every delivery (its /metrics reads the store), and stop.
        let port = target.port.withLock { $0 }
        try await waitUntil("serve records every delivery as done", timeout: .seconds(30), interval: .milliseconds(100)) {
            await Self.outboxActions("done", port: port, transport: transport) == Self.events
        }
        #expect(try await serve.stop(SIGTERM) == 0, "serve did not exit 0 on SIGTERM")
        let store = try SQLiteStore(configuration: .init(directory: folder.appendingPathComponent("data").path))
        let counts = try await store.counts()
        await store.close()
        #expect(counts.pendingEvents == 0)
        #expect(counts.actions[.pending] == 0 && counts.actions[.inFlight] == 0, "outbox did not drain: \(counts)")
        #expect(counts.actions[.dead] == 0)
        #expect(counts.actions[.done] == Self.events)

        let bugs = try await inspector.bugs()
        let comments = try await inspector.comments()
        _ = try await sim.process.stop(SIGTERM)
        #expect(bugs.count == Self.keys)
        #expect(Set(bugs.compactMap(\.integrationKey)).count == Self.keys, "a dedup key has two bugs")
        let texts = comments.map(\.text)
        #expect(Set(texts).count == texts.count, "a comment was posted twice")
        #expect(texts.count == Self.events - Self.keys)
        // Every acknowledged event is in Sniffer: its run either filed the bug or commented.
        var runs = Set<Int>()
        for text in texts + bugs.map({ String(describing: $0.raw["description"]?.stringValue ?? "") }) {
            if let match = text.firstMatch(of: /runs\/(\d+)/), let run = Int(match.1) { runs.insert(run) }
        }
        #expect(runs == Set(0..<Self.events))
    }

    /// A storm on one key with `coalesce = "1s"`, the gateway killed while
    /// repeats are held: after the restart every acknowledged repeat is
    /// counted in exactly one comment, and no comment is posted twice.
    @Test func killNineMidStormLosesNoRepeatAndPostsNoCommentTwice() async throws {
        let events = 600
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bridge-storm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let sim = try await SimChild.start(in: folder)
        let configPath = folder.appendingPathComponent("bridge.toml").path
        try PipelineHarness.config(
            mapping: try PipelineHarness.ciGenericMapping(in: folder, coalesce: "1s"), simURL: sim.url,
            project: sim.project, listen: "127.0.0.1:0", maxAttempts: 50, baseDelay: "10ms", maxDelay: "200ms", durability: "os"
        ).write(toFile: configPath, atomically: true, encoding: .utf8)
        let environment = ["SNIFFER_TOKEN": sim.token]

        let target = Target()
        var serve = try ChildProcess(["serve", "--config", configPath], environment: environment, folder: folder, name: "storm1")
        try await Self.waitForPort(serve, target)
        let transport = try CurlTransport()
        defer { transport.shutdown() }
        let senders = Task {
            await withTaskGroup(of: Void.self) { group in
                for sender in 0..<8 {
                    group.addTask { await Self.send(sender: sender, target: target, transport: transport, events: events, keys: 1, senders: 8) }
                }
            }
        }
        try await waitUntil("a third of the storm acknowledged", timeout: .seconds(60), interval: .milliseconds(5)) {
            target.acknowledged.load(ordering: .relaxed) >= events / 3
        }
        target.port.withLock { $0 = 0 }
        try await serve.stop(SIGKILL)
        serve = try ChildProcess(["serve", "--config", configPath], environment: environment, folder: folder, name: "storm2")
        try await Self.waitForPort(serve, target)
        await senders.value
        #expect(target.acknowledged.load(ordering: .relaxed) == events)

        let port = target.port.withLock { $0 }
        try await waitUntil("every repeat is done", timeout: .seconds(45), interval: .milliseconds(100)) {
            await Self.outboxActions("done", port: port, transport: transport) == events
        }
        #expect(try await serve.stop(SIGTERM) == 0, "serve did not exit 0 on SIGTERM")
        let inspector = sim.inspector(transport)
        let bugs = try await inspector.bugs()
        let texts = try await inspector.comments().map(\.text)
        _ = try await sim.process.stop(SIGTERM)
        #expect(bugs.count == 1)
        #expect(Set(texts).count == texts.count, "a comment was posted twice")
        var counted = 0
        for text in texts {
            if let match = text.firstMatch(of: /^Seen (\d+) more times between/), let repeats = Int(match.1) {
                counted += repeats
            } else {
                counted += 1
            }
        }
        #expect(counted == events - 1, "every repeat is counted once: \(texts.count) comments")
        #expect(texts.count < events / 4, "the storm was not coalesced: \(texts.count) comments")
    }

    /// Posts this sender's share of the events, each until it gets a 2xx
    /// (a sender retries through the crash, as real webhook senders do).
    static func send(
        sender: Int, target: some WebhookTarget, transport: CurlTransport, events: Int = events, keys: Int = keys,
        senders: Int = senders
    ) async {
        for number in stride(from: sender, to: events, by: senders) {
            let event = CIEvent(key: number % keys, run: number)
            var attempt = 0
            while true {
                attempt += 1
                if let port = target.port(for: number + attempt) {
                    let request = OutboundRequest(
                        method: "POST", url: "http://127.0.0.1:\(port)/hooks/ci",
                        headers: [
                            (name: "Authorization", value: "Bearer \(PipelineHarness.ciToken)"),
                            (name: "Content-Type", value: "application/json"), (name: "Idempotency-Key", value: "event-\(number)"),
                        ], body: event.body, timeout: .seconds(10))
                    if case .success(let response) = await transport.send(request), (200..<300).contains(response.status) {
                        target.acknowledge()
                        // Paced (at most ~1,600 events/s in all) so the run does not
                        // starve the other suites running beside it.
                        try? await Task.sleep(for: .milliseconds(10))
                        break
                    }
                }
                try? await Task.sleep(for: .milliseconds(20))
            }
        }
    }

    /// The `sniffer_bridge_outbox_actions` gauge for `state` on a running gateway's `/metrics`.
    static func outboxActions(_ state: String, port: Int, transport: CurlTransport) async -> Int? {
        let request = OutboundRequest(method: "GET", url: "http://127.0.0.1:\(port)/metrics", timeout: .seconds(10))
        guard case .success(let response) = await transport.send(request) else { return nil }
        let prefix = "sniffer_bridge_outbox_actions{state=\"\(state)\"} "
        let text = String(decoding: response.body, as: UTF8.self)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) else { return nil }
        return Double(line.dropFirst(prefix.count)).map { Int($0) }
    }

    /// Reads the new gateway's startup line and points the senders at it.
    static func waitForPort(_ serve: ChildProcess, _ target: Target) async throws {
        let line = try JSON(parsing: try await serve.firstLine())
        let listen = try #require(line["listen"]?.stringValue)
        let port = try #require(listen.split(separator: ":").last.flatMap { Int($0) })
        target.port.withLock { $0 = port }
    }
}
