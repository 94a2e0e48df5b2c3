import Config
import Foundation
import HTTP
import Rules
import Telemetry

/// `sniffer-bridge demo`: the gateway with the shipped mappings, a demo
/// config and a fresh store, wired to a Sniffer simulator the caller runs
/// (the executable starts `SnifferSim` in-process; Bridge does not depend on it).
///
/// ```swift
/// let demo = try Demo(configuration: .init(), sniffer: .init(baseURL: ..., token: ..., project: ..., statuses: ...))
/// let address = try await demo.start()
/// print(try demo.script(gateway: address))
/// ...
/// await demo.stop()
/// ```
///
/// The demo owns two paths in its data directory: `demo.toml` (the config it
/// wrote, usable with `serve --config`) and `demo-store/` (emptied on every
/// start, because the simulator starts empty too: a store remembering bugs
/// the simulator no longer has would comment on bugs that do not exist).
public final class Demo: Sendable {
    /// Where the demo finds its files and what it listens on.
    public struct Configuration: Sendable {
        /// The folder of the shipped mappings (`*.toml`) and `examples/` payloads.
        public var mappingsFolder = "mappings"
        /// The data directory (`demo.toml` and `demo-store/` go in it).
        public var dataDirectory = "data"
        /// The gateway's `HOST:PORT` (port 0 picks a free one).
        public var listen = "127.0.0.1:8080"
        /// Log lines on standard error as text (default) or JSON.
        public var logFormat = LogFormat.text
        /// The demo's GitHub webhook secret (printed: it is a demo value).
        public var githubSecret = "demo-github-secret"
        /// The demo's generic CI token (`POST /hooks/ci`).
        public var ciToken = "demo-ci-token"

        public init() {}
    }

    /// The simulator the gateway delivers to.
    public struct Sniffer: Sendable {
        /// `http://HOST:PORT` of the simulator.
        public var baseURL: String
        /// A token the simulator accepts.
        public var token: String
        /// The seeded project's id (the demo's default project).
        public var project: String
        /// Status names and ids of the project, in board order.
        public var statuses: [Status]

        /// One status of the project.
        public struct Status: Sendable {
            public var name: String
            public var id: String
            public init(name: String, id: String) {
                self.name = name
                self.id = id
            }
        }

        public init(baseURL: String, token: String, project: String, statuses: [Status]) {
            self.baseURL = baseURL
            self.token = token
            self.project = project
            self.statuses = statuses
        }
    }

    /// The Snipe-IT simulator of the helpdesk flow (`mappings/snipeit/`).
    public struct SnipeIT: Sendable {
        /// `http://HOST:PORT` of the simulator (the client adds `/api/v1`).
        public var baseURL: String
        /// A token it accepts.
        public var token: String

        public init(baseURL: String, token: String) {
            self.baseURL = baseURL
            self.token = token
        }
    }

    public let configuration: Configuration
    public let sniffer: Sniffer
    /// With it, the demo loads `mappings/snipeit/*.toml` and takes Jira issues.
    public let snipeIT: SnipeIT?
    /// The config file the demo wrote.
    public let configPath: String
    /// The payloads the printed curl commands post, read at start.
    let payloads: DemoPayloads
    private let gateway: Gateway
    private let logger: Logger

    /// Writes the demo config, empties the demo store and builds the gateway (nothing listens yet).
    public init(configuration: Configuration, sniffer: Sniffer, snipeIT: SnipeIT? = nil) throws(GatewayError) {
        self.configuration = configuration
        self.sniffer = sniffer
        self.snipeIT = snipeIT
        let fileManager = FileManager.default
        let mappings = URL(fileURLWithPath: configuration.mappingsFolder).standardizedFileURL
        let files = (try? fileManager.contentsOfDirectory(atPath: mappings.path))?.filter { $0.hasSuffix(".toml") } ?? []
        guard !files.isEmpty else {
            throw .configuration(
                "no mapping files (*.toml) in \(configuration.mappingsFolder): "
                    + "run the demo from the repository root or pass --mappings DIR")
        }
        payloads = try DemoPayloads(folder: mappings.appendingPathComponent("examples"), helpdesk: snipeIT != nil)
        let data = URL(fileURLWithPath: configuration.dataDirectory).standardizedFileURL
        let store = data.appendingPathComponent(Self.storeFolder)
        do {
            try fileManager.createDirectory(at: data, withIntermediateDirectories: true)
            if fileManager.fileExists(atPath: store.path) { try fileManager.removeItem(at: store) }
        } catch {
            throw GatewayError(.store, "cannot prepare the data directory \(data.path): \(error.localizedDescription)")
        }
        configPath = data.appendingPathComponent("demo.toml").path
        let text = Self.configText(configuration, sniffer: sniffer, snipeIT: snipeIT, mappings: mappings.path, path: configPath)
        do { try text.write(toFile: configPath, atomically: true, encoding: .utf8) } catch {
            throw GatewayError(.store, "cannot write \(configPath): \(error.localizedDescription)")
        }
        let loaded: ConfigLoader.Loaded
        do { loaded = try ConfigLoader.load(path: configPath, environment: [:]) } catch {
            throw .configuration("the demo config \(configPath) does not load:\n\(error)")
        }
        let scrubber = SecretScrubber(
            secrets: [sniffer.token, configuration.githubSecret, configuration.ciToken] + (snipeIT.map { [$0.token] } ?? []))
        let logger = Logger(
            label: "sniffer_bridge", handler: StreamLogHandler(format: configuration.logFormat, scrubber: scrubber))
        self.logger = logger
        gateway = try Gateway(loaded: loaded, options: Gateway.Options(logger: logger, pollInterval: .milliseconds(100)))
    }

    /// The store's folder inside the data directory.
    public static let storeFolder = "demo-store"

    /// Starts the gateway; returns the address it listens on.
    public func start() async throws(GatewayError) -> SocketAddress {
        try await gateway.start()
    }

    /// The gateway's metrics (the executable adds build info).
    public var metrics: GatewayMetrics { gateway.metrics }

    /// Stops the gateway gracefully (deliveries in flight finish).
    public func stop() async {
        logger.notice("Demo stopping: deliveries in flight finish, the rest stays in the outbox")
        await gateway.stop()
    }

    /// What the demo prints once listening: the curl commands to try.
    public func script(gateway address: SocketAddress) -> String {
        DemoScript(demo: self, gateway: "http://\(address)").text
    }

    /// The demo config: every value literal (no `${ENV}`), the store in `demo-store/`.
    static func configText(
        _ configuration: Configuration, sniffer: Sniffer, snipeIT: SnipeIT? = nil, mappings: String, path: String
    ) -> String {
        func quoted(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        var globs = quoted(mappings + "/*.toml")
        var helpdesk = ""
        if let snipeIT {
            globs += ", " + quoted(mappings + "/snipeit/*.toml")
            // Jira issues come unsigned in the demo; a deployment sets `secrets`.
            helpdesk = """

                [snipeit]
                base_url = \(quoted(snipeIT.baseURL))
                token = \(quoted(snipeIT.token))

                [sources.jira]
                allow_unsigned = true

                """
        }
        return """
            # \(path): written by `sniffer-bridge demo` on every start.
            # Demo secrets only; the Sniffer below is the simulator inside the demo.
            mappings = [\(globs)]

            [server]
            listen = \(quoted(configuration.listen))

            [store]
            path = \(quoted(storeFolder))
            durability = "os"

            [sniffer]
            base_url = \(quoted(sniffer.baseURL))
            token = \(quoted(sniffer.token))
            project = \(quoted(sniffer.project))

            [retry]
            base_delay = "200ms"
            max_delay = "5s"

            [sources.github]
            secrets = [\(quoted(configuration.githubSecret))]

            [sources.ci]
            tokens = [\(quoted(configuration.ciToken))]
            \(helpdesk)
            """
    }
}
