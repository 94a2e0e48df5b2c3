import Foundation
import Glibc
import JSON
import Outbound
import Store
import Testing
import TestSupport

/// A full disk under load, then freed: `sim` and `serve` as real processes,
/// the data directory on a 32 MiB tmpfs nearly filled by a ballast file.
/// Webhooks are refused (503) while the disk is full, nothing answered 2xx is
/// lost, and once the ballast is deleted everything moves on by itself.
///
/// With the reserve on (the default behaviour) `/readyz` turns 503 before the
/// first webhook is refused. With `reserve_bytes = 0` nothing keeps room for
/// delivery outcomes: their writes fail with ENOSPC, and are tried again
/// until they land.
///
/// Mounting a tmpfs needs root, which CI has; elsewhere the test fails with
/// the reason rather than skip.
@Suite(.serialized) struct DiskFullTests {
    static let keys = 10
    /// Incompressible padding, so each event takes its size on disk.
    static let paddingBytes = 16 * 1024
    /// Webhooks posted at once: batches then mix appends with delivery outcomes.
    static let burst = 8

    @Test(arguments: [1 << 20, 0])
    func fullDiskRefusesWebhooksThenRecoversBySelf(reserveBytes: Int) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bridge-diskfull-\(UUID().uuidString)")
        let data = folder.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try Self.mountTmpfs(at: data.path, megabytes: 32)
        defer {
            _ = try? Self.run("/bin/umount", ["-l", data.path])
            try? FileManager.default.removeItem(at: folder)
        }

        let sim = try await SimChild.start(in: folder)
        let configPath = folder.appendingPathComponent("bridge.toml").path
        try Self.config(
            mapping: try PipelineHarness.ciGenericMapping(in: folder), simURL: sim.url, project: sim.project,
            reserveBytes: reserveBytes)
            .write(toFile: configPath, atomically: true, encoding: .utf8)
        let serve = try ChildProcess(
            ["serve", "--config", configPath], environment: ["SNIFFER_TOKEN": sim.token], folder: folder, name: "serve")
        let listen = try #require(try JSON(parsing: try await serve.firstLine())["listen"]?.stringValue)
        let base = "http://\(listen)"
        let transport = try CurlTransport()
        defer { transport.shutdown() }

        // Leave 10 MiB free: the WAL alone grows to 4 MiB before its first checkpoint.
        let ballast = data.appendingPathComponent("ballast")
        try Self.fill(ballast, leaving: 10 << 20, of: data.path)

        // Bursts of concurrent webhooks, each after a look at `/readyz`, until the disk is full.
        var acknowledged: [Int] = []
        var firstNotReady: Int?
        var firstRefused: Int?
        var refusedInARow = 0
        var run = 0
        while refusedInARow < 16 {
            try #require(run < 4_000, "the disk never filled")
            if firstNotReady == nil, try await Self.status(base + "/readyz", transport) == 503 { firstNotReady = run }
            let burst = run..<(run + Self.burst)
            let statuses = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
                for number in burst { group.addTask { (number, try await Self.post(number, to: base, transport)) } }
                return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            for number in burst {
                let status = statuses[number] ?? 0
                if (200..<300).contains(status) {
                    acknowledged.append(number)
                    refusedInARow = 0
                } else {
                    #expect(status == 503, "a webhook got \(status) on a full disk")
                    if firstRefused == nil { firstRefused = number }
                    refusedInARow += 1
                }
            }
            run += Self.burst
        }
        #expect(acknowledged.count > 50, "the disk filled after \(acknowledged.count) events")
        if reserveBytes > 0 {
            let notReady = try #require(firstNotReady, "/readyz never turned 503")
            let refused = try #require(firstRefused)
            #expect(notReady <= refused, "/readyz turned 503 at event \(notReady), after the first refusal at \(refused)")
            // The largest accepted body (256 KiB) needs far more than these 16 KiB events: a whole burst fits between.
            #expect(refused - notReady >= Self.burst)
            let reason = try await Self.body(base + "/readyz", transport)
            #expect(reason.contains("nearly full"), "\(reason)")
        }
        let metrics = try await Self.body(base + "/metrics", transport)
        #expect(metrics.contains("sniffer_bridge_store_free_bytes "))
        #expect(metrics.contains("sniffer_bridge_store_reserve_bytes \(reserveBytes)"))

        // Space comes back: within 10 s nothing is left in flight or due, and the gateway is ready.
        try FileManager.default.removeItem(at: ballast)
        try await waitUntil("every acknowledged event delivered", timeout: .seconds(10), interval: .milliseconds(100)) {
            let text = try await Self.body(base + "/metrics", transport)
            return Self.gauge("sniffer_bridge_outbox_actions{state=\"done\"}", in: text) == acknowledged.count
                && Self.gauge("sniffer_bridge_outbox_actions{state=\"in_flight\"}", in: text) == 0
                && Self.gauge("sniffer_bridge_outbox_actions{state=\"pending\"}", in: text) == 0
        }
        try await waitUntil("/readyz says ready", timeout: .seconds(10), interval: .milliseconds(100)) {
            try await Self.status(base + "/readyz", transport) == 200
        }
        // New webhooks are accepted again and delivered.
        for next in run..<(run + 20) {
            let status = try await Self.post(next, to: base, transport)
            #expect((200..<300).contains(status), "after the disk was freed a webhook got \(status)")
            if (200..<300).contains(status) { acknowledged.append(next) }
        }
        try await waitUntil("the new events delivered", timeout: .seconds(10), interval: .milliseconds(100)) {
            let text = try await Self.body(base + "/metrics", transport)
            return Self.gauge("sniffer_bridge_outbox_actions{state=\"done\"}", in: text) == acknowledged.count
        }
        #expect(try await serve.stop(SIGTERM) == 0, "serve did not exit 0: \(serve.standardError.suffix(2_000))")

        // Every acknowledged event is in Sniffer exactly once: one bug per key, the rest comments.
        let inspector = sim.inspector(transport)
        let bugs = try await inspector.bugs()
        let comments = try await inspector.comments()
        _ = try await sim.process.stop(SIGTERM)
        #expect(Set(bugs.compactMap(\.integrationKey)).count == bugs.count, "a dedup key has two bugs")
        let texts = comments.map(\.text)
        #expect(Set(texts).count == texts.count, "a comment was posted twice")
        var runs: [Int] = []
        for text in texts + bugs.map({ $0.raw["description"]?.stringValue ?? "" }) {
            if let match = text.firstMatch(of: /runs\/(\d+)/), let run = Int(match.1) { runs.append(run) }
        }
        #expect(runs.sorted() == acknowledged.sorted(), "Sniffer holds other runs than the acknowledged ones")
    }

    static func config(mapping: String, simURL: String, project: String, reserveBytes: Int) -> String {
        """
            mappings = ["\(mapping)"]
            [server]
            listen = "127.0.0.1:0"
            max_body_bytes = 262144
            [store]
            path = "data"
            durability = "fsync"
            reserve_bytes = \(reserveBytes)
            [sniffer]
            base_url = "\(simURL)"
            token = "${SNIFFER_TOKEN}"
            project = "\(project)"
            [retry]
            max_attempts = 50
            base_delay = "10ms"
            max_delay = "200ms"
            [sources.ci]
            tokens = ["\(PipelineHarness.ciToken)"]

            """
    }

    /// Posts run `run` (a failure of pipeline `run % keys`) with its padding; returns the status.
    static func post(_ run: Int, to base: String, _ transport: CurlTransport) async throws -> Int {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8)
        let padding = (0..<paddingBytes).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
        let event = CIEvent(key: run % keys, run: run)
        let json: JSON = [
            "pipeline": .string(event.pipeline), "status": "failure", "url": .string(event.url),
            "run_id": .int(Int64(run)), "branch": "main", "padding": .string(String(decoding: padding, as: UTF8.self)),
        ]
        let request = OutboundRequest(
            method: "POST", url: base + "/hooks/ci",
            headers: [
                (name: "Authorization", value: "Bearer \(PipelineHarness.ciToken)"),
                (name: "Content-Type", value: "application/json"), (name: "Idempotency-Key", value: "event-\(run)"),
            ], body: json.serializedBytes(), timeout: .seconds(10))
        return try await transport.send(request).get().status
    }

    static func status(_ url: String, _ transport: CurlTransport) async throws -> Int {
        try await transport.send(OutboundRequest(method: "GET", url: url, timeout: .seconds(10))).get().status
    }

    static func body(_ url: String, _ transport: CurlTransport) async throws -> String {
        let response = try await transport.send(OutboundRequest(method: "GET", url: url, timeout: .seconds(10))).get()
        return String(decoding: response.body, as: UTF8.self)
    }

    static func gauge(_ series: String, in text: String) -> Int? {
        let prefix = series + " "
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) else { return nil }
        return Double(line.dropFirst(prefix.count)).map { Int($0) }
    }

    /// Writes `file` until `leaving` bytes are free on the file system of `directory`.
    static func fill(_ file: URL, leaving: Int64, of directory: String) throws {
        var stats = statvfs()
        guard statvfs(directory, &stats) == 0 else { throw ChildProcess.Failure(description: "statvfs \(directory) failed") }
        let free = Int64(stats.f_bavail) * Int64(stats.f_frsize)
        let chunk = [UInt8](repeating: 0x5a, count: 1 << 20)
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        var left = free - leaving
        while left > 0 {
            let size = Int(min(left, Int64(chunk.count)))
            try handle.write(contentsOf: chunk.prefix(size))
            left -= Int64(size)
        }
    }

    static func mountTmpfs(at path: String, megabytes: Int) throws {
        guard geteuid() == 0 else {
            throw ChildProcess.Failure(description: "mounting a tmpfs for the data directory needs root (run the suite as root, as CI does)")
        }
        try run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(megabytes)m", "tmpfs", path])
    }

    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ChildProcess.Failure(description: "\(executable) \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        }
        return process.terminationStatus
    }
}
