import Foundation
import Glibc
import JSON
import Outbound
import Testing
import TestSupport

/// `serve` under a low descriptor limit, with more idle connections than it
/// can hold: it says so once, with the limit and the count, closes what it
/// cannot serve rather than letting the listen queue fill, counts the
/// episode, and serves again once the connections close.
@Suite(.serialized) struct DescriptorExhaustionTests {
    static let limit = 64
    static let idle = 120

    @Test func runningOutIsLoggedOnceCountedAndRecoveredFrom() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bridge-fds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let mapping = SharedFiles.packageRoot.appendingPathComponent("mappings/ci-generic.toml").path
        let configPath = folder.appendingPathComponent("bridge.toml").path
        try PipelineHarness.config(
            mapping: mapping, simURL: "http://127.0.0.1:9", project: "1", listen: "127.0.0.1:0", maxAttempts: 3,
            baseDelay: "1s", maxDelay: "1s"
        ).write(toFile: configPath, atomically: true, encoding: .utf8)

        // `ulimit -n` in a shell that then becomes `serve`.
        let binary = try ChildProcess.binary().path
        let serve = try ChildProcess(
            ["/bin/sh", "-c", "ulimit -n \(Self.limit) && exec \"$0\" serve --config \"$1\"", binary, configPath],
            executable: URL(fileURLWithPath: "/bin/sh"), environment: ["SNIFFER_TOKEN": "sniffer-token-for-descriptor-test"], folder: folder, name: "serve")
        let listen = try #require(try JSON(parsing: try await serve.firstLine())["listen"]?.stringValue)
        let port = try #require(listen.split(separator: ":").last.flatMap { Int($0) })
        #expect(try await Self.status("http://\(listen)/healthz") == 200)

        // More idle connections than the limit allows: the gateway runs out.
        var sockets = try (0..<Self.idle).map { _ in try Self.connect(port: port) }
        try await waitUntil("the gateway says it ran out", timeout: .seconds(10), interval: .milliseconds(50)) {
            serve.standardError.contains("Out of file descriptors")
        }
        // Meanwhile new connections are closed at once rather than left
        // waiting in the listen queue. Some may find a slot that was freed
        // meanwhile (another loop's reserve, a descriptor the process
        // closed) and be served: a descriptor was free for them. Not all do.
        var answered = 0
        var slowest = Duration.zero
        for _ in 0..<5 {
            let started = ContinuousClock.now
            if (try? await Self.status("http://\(listen)/healthz")) != nil { answered += 1 }
            slowest = max(slowest, ContinuousClock.now - started)
        }
        #expect(answered < 5, "every request was answered: the gateway never ran short")
        #expect(slowest < .seconds(3), "a refused connection waited \(slowest)")

        // The connections go away: it serves again, and says so.
        for fd in sockets { close(fd) }
        sockets.removeAll()
        try await waitUntil("the gateway serves again and says so", timeout: .seconds(10), interval: .milliseconds(100)) {
            (try? await Self.status("http://\(listen)/healthz")) == 200
                && serve.standardError.contains("File descriptors available again")
        }
        let metrics = try await Self.body("http://\(listen)/metrics")
        #expect(metrics.contains("sniffer_bridge_descriptor_exhaustion_episodes_total 1"), "\(metrics.suffix(600))")
        #expect(try await serve.stop(SIGTERM) == 0)

        let lines = serve.standardError.split(separator: "\n").filter { $0.contains("Out of file descriptors") }
        #expect(lines.count == 1, "logged \(lines.count) times in one episode")
        let line = try JSON(parsing: String(lines.first ?? ""))
        #expect(line["limit"]?.stringValue == "\(Self.limit)")
        let open = Int(line["open"]?.stringValue ?? "") ?? 0
        #expect(open > Self.limit - 8 && open <= Self.limit, "open descriptors reported: \(open)")
    }

    static func connect(port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ChildProcess.Failure(description: "socket: \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(fd)
            throw ChildProcess.Failure(description: "connect: \(errno)")
        }
        return fd
    }

    /// On a new connection each time (a pooled one would get through without an accept).
    static func status(_ url: String) async throws -> Int {
        try await get(url).status
    }

    static func body(_ url: String) async throws -> String {
        String(decoding: try await get(url).body, as: UTF8.self)
    }

    static func get(_ url: String) async throws -> OutboundResponse {
        let transport = try CurlTransport()
        defer { transport.shutdown() }
        return try await transport.send(OutboundRequest(method: "GET", url: url, timeout: .seconds(2))).get()
    }
}
