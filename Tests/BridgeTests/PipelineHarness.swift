import Bridge
import Config
import Delivery
import Foundation
import HTTP
import JSON
import Outbound
import Rules
import SnifferSim
import Store
import Telemetry
import TestSupport

/// An in-process simulator on a real TCP port and a config for a gateway
/// that files CI failures into it (`mappings/ci-generic.toml`), in a fresh
/// temporary folder. Gateways are started on demand, on port 0.
final class PipelineHarness: Sendable {
    static let ciToken = "ci-test-token"

    let folder: URL
    let simulator: SnifferSimulator
    let listener: SimListener
    let transport: CurlTransport
    let logs = InMemoryLogHandler()
    let configPath: String

    init(
        maxAttempts: Int = 50, baseDelay: String = "10ms", maxDelay: String = "200ms",
        simulator configuration: SnifferSimulator.Configuration = .strict, store: String? = nil
    ) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("bridge-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        simulator = try SnifferSimulator(configuration: configuration)
        listener = try SimListener(simulator: simulator, listen: "127.0.0.1:0", loopCount: 1)
        transport = try CurlTransport()
        let mapping = try Self.ciGenericMapping(in: folder)
        configPath = folder.appendingPathComponent("bridge.toml").path
        let config = Self.config(
            mapping: mapping, simURL: "http://\(listener.address)", project: simulator.seed.project, listen: "127.0.0.1:0",
            maxAttempts: maxAttempts, baseDelay: baseDelay, maxDelay: maxDelay, store: store)
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    deinit {
        listener.stop()
        transport.shutdown()
        try? FileManager.default.removeItem(at: folder)
    }

    /// A `[store]` body on the test cluster's PostgreSQL, in `schema`.
    static func postgresStore(schema: String, lease: String = "60s") throws -> String {
        "backend = \"postgres\"\nurl = \"\(try TestPostgres.url())\"\nschema = \"\(schema)\"\nlease = \"\(lease)\""
    }

    /// A copy of `mappings/ci-generic.toml` in `folder`, its path. With
    /// `coalesce` nil, without coalescing: every repeat comments at once, so
    /// the tests of delivery can count one comment per event; else with that
    /// window instead of the shipped one.
    static func ciGenericMapping(in folder: URL, coalesce: String? = nil) throws -> String {
        let shipped = SharedFiles.packageRoot.appendingPathComponent("mappings/ci-generic.toml")
        let text = try String(contentsOf: shipped, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.contains("coalesce = \"2m\"") else { throw HarnessError("\(shipped.path) no longer coalesces for 2m") }
        if let coalesce {
            lines = lines.map { $0 == "coalesce = \"2m\"" ? "coalesce = \"\(coalesce)\"" : $0 }
        } else {
            lines.removeAll { $0.hasPrefix("coalesce = ") || $0.hasPrefix("coalesce_label = ") }
        }
        let copy = folder.appendingPathComponent("ci-generic.toml")
        try lines.joined(separator: "\n").write(to: copy, atomically: true, encoding: .utf8)
        return copy.path
    }

    /// The `[sniffer.breaker]` of the tests' configs: the defaults but for
    /// cool-downs short enough that an outage a test stages costs it a
    /// fraction of a second once the breaker opens.
    static let quickBreaker = "cooldown = \"100ms\"\nmax_cooldown = \"400ms\""

    /// A config file's text: the token comes from `${SNIFFER_TOKEN}`.
    static func config(
        mapping: String, simURL: String, project: String, listen: String, maxAttempts: Int, baseDelay: String,
        maxDelay: String, durability: String = "os", webURL: String? = nil, store: String? = nil,
        breaker: String = quickBreaker
    ) -> String {
        """
        mappings = ["\(mapping)"]
        [server]
        listen = "\(listen)"
        [store]
        \(store ?? "path = \"data\"\ndurability = \"\(durability)\"")
        [sniffer]
        base_url = "\(simURL)"
        token = "${SNIFFER_TOKEN}"
        project = "\(project)"
        \(webURL.map { "web_url = \"\($0)\"" } ?? "")
        [sniffer.breaker]
        \(breaker)
        [retry]
        max_attempts = \(maxAttempts)
        base_delay = "\(baseDelay)"
        max_delay = "\(maxDelay)"
        max_age = "1h"
        [sources.ci]
        tokens = ["\(ciToken)"]

        """
    }

    /// A gateway on this config, started; `token` defaults to the simulator's seeded one.
    func startGateway(
        token: String? = nil, concurrency: Int = 8, retention: Duration = .seconds(86_400),
        pruneInterval: Duration = .seconds(3_600), clock: any GatewayClock = SystemClock()
    ) async throws -> Gateway {
        let gateway = try makeGateway(
            token: token, concurrency: concurrency, retention: retention, pruneInterval: pruneInterval, clock: clock)
        try await gateway.start()
        return gateway
    }

    /// A gateway on this config, not started.
    func makeGateway(
        token: String? = nil, concurrency: Int = 8, retention: Duration = .seconds(86_400),
        pruneInterval: Duration = .seconds(3_600), shutdownTimeout: Duration? = nil, clock: any GatewayClock = SystemClock()
    ) throws -> Gateway {
        let loaded = try ConfigLoader.load(path: configPath, environment: ["SNIFFER_TOKEN": token ?? simulator.seed.token])
        let logger = Logger(label: "test", level: .debug, handler: logs)
        return try Gateway(
            loaded: loaded,
            options: Gateway.Options(
                logger: logger, deliveryConcurrency: concurrency, pollInterval: .milliseconds(20), loopCount: 1,
                portOverride: 0, retention: retention, pruneInterval: pruneInterval, shutdownTimeout: shutdownTimeout,
                clock: clock))
    }

    /// Reads the simulator with a token of its own.
    var inspector: SimInspector {
        SimInspector(
            baseURL: "http://\(listener.address)",
            token: simulator.mintToken(company: simulator.seed.company, lifetime: 3_600),
            project: simulator.seed.project, transport: transport)
    }

    /// POSTs `body` to `/hooks/<source>` of `gateway`.
    func post(
        _ body: [UInt8], to gateway: Gateway, source: String = "ci", idempotencyKey: String? = nil,
        token: String = PipelineHarness.ciToken
    ) async throws -> (status: Int, json: JSON?) {
        guard let port = gateway.port else { throw HarnessError("gateway not listening") }
        var headers: [(name: String, value: String)] = [
            (name: "Authorization", value: "Bearer \(token)"), (name: "Content-Type", value: "application/json"),
        ]
        if let idempotencyKey { headers.append((name: "Idempotency-Key", value: idempotencyKey)) }
        let request = OutboundRequest(
            method: "POST", url: "http://127.0.0.1:\(port)/hooks/\(source)", headers: headers, body: body,
            timeout: .seconds(10))
        switch await transport.send(request) {
        case .success(let response): return (response.status, try? JSON(parsing: response.body))
        case .failure(let failure): throw HarnessError("POST failed: \(failure)")
        }
    }

    /// Waits until no event is pending and no action is pending or in flight;
    /// a `clock` the gateway reads is moved on by 20 ms at each look, so
    /// retries come due as they would in real time.
    func drain(_ gateway: Gateway, timeout: Duration = .seconds(20), clock: ManualClock? = nil) async throws {
        var last: StoreCounts?
        try await waitUntil("the outbox drains (\(last.map { "\($0)" } ?? "no counts"))", timeout: timeout, interval: .milliseconds(20)) {
            clock?.advance(by: .milliseconds(20))
            let counts = try await gateway.counts()
            last = counts
            return counts.pendingEvents == 0 && counts.actions[.pending] == 0 && counts.actions[.inFlight] == 0
        }
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
