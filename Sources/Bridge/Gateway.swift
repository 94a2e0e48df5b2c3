import Admin
import Config
import Delivery
import Foundation
import HTTP
import Outbound
import Rules
import Sniffer
import SnipeIT
import Store
import Synchronization
import Telemetry
import Tracing

/// A running sniffer-bridge: the store, the rules snapshot, the Sniffer
/// client, the dispatcher and delivery loops, and the HTTP listener with
/// `POST /hooks/<source>` for every enabled source (others answer 404).
///
/// Its life is one call, `run()`: it listens, runs the loops as child
/// tasks of one task group, and returns after `stop()` once they have
/// wound down. `start()` runs it in a task of its own and returns once
/// listening:
///
/// ```swift
/// let gateway = try Gateway(loaded: try ConfigLoader.load(path: "bridge.toml"), options: .init(logger: logger))
/// let address = try await gateway.start()   // or: try await gateway.run { address in ... }
/// ...
/// await gateway.stop()
/// ```
public final class Gateway: Sendable {
    /// Settings that are not in the config file (yet), with production defaults.
    public struct Options: Sendable {
        public var logger: Logger
        /// Actions delivered in parallel (different dedup keys); `nil` uses `[delivery].concurrency`.
        public var deliveryConcurrency: Int?
        /// How often idle loops look for due retries.
        public var pollInterval: Duration
        /// Status names that count as resolved (for `on_duplicate = "reopen"`).
        public var resolvedStatuses: Set<String>
        /// Listener loop threads; `nil` means one per core.
        public var loopCount: Int?
        /// Overrides `[server].listen`'s port (tests pass 0 for a free port).
        public var portOverride: Int?
        /// Finished events and deliveries older than this are pruned (dead letters never are).
        public var retention: Duration
        /// How often pruning runs.
        public var pruneInterval: Duration
        /// How long `stop()` waits for deliveries in flight; `nil` uses `[server].shutdown_timeout`.
        public var shutdownTimeout: Duration?
        /// The time the store, the retries and every loop (and its waits) read; tests pass one they drive.
        public var clock: any GatewayClock

        public init(
            logger: Logger, deliveryConcurrency: Int? = nil, pollInterval: Duration = .milliseconds(200),
            resolvedStatuses: Set<String> = ["Resolved", "Closed", "Done", "Fixed"], loopCount: Int? = nil,
            portOverride: Int? = nil, retention: Duration = .seconds(7 * 86_400), pruneInterval: Duration = .seconds(3_600),
            shutdownTimeout: Duration? = nil, clock: any GatewayClock = SystemClock()
        ) {
            self.shutdownTimeout = shutdownTimeout
            self.clock = clock
            self.retention = retention
            self.pruneInterval = pruneInterval
            self.logger = logger
            self.deliveryConcurrency = deliveryConcurrency
            self.pollInterval = pollInterval
            self.resolvedStatuses = resolvedStatuses
            self.loopCount = loopCount
            self.portOverride = portOverride
        }
    }

    /// The settings the gateway started with; listen address and store are
    /// fixed until a restart (`snapshots` holds what a reload changed).
    package let settings: GatewaySettings
    public let options: Options
    package let store: any EventStore
    let transport: CurlTransport
    /// The config, mappings and sources in force; replaced whole by `reload`.
    let snapshots: SnapshotHolder
    let server: HTTPServer
    let scheduler: DeliveryScheduler
    /// Ends the dispatch loop's wait at `stop()`.
    let dispatchWakeup: Wakeup
    /// Serialises reloads, so the snapshot and the Sniffer client of one reload are installed together.
    let reloading = Mutex(())
    /// The Snipe-IT client in force (`nil` without `[snipeit]`): kept across
    /// reloads that leave `[snipeit]` as it is, so its token bucket, shared
    /// by every delivery, keeps counting.
    let snipeITClient: Mutex<SnipeITClient?>
    let pruneWakeup: Wakeup
    /// Whether `run()` (or `stop()`) was called: the gateway runs once.
    let began = Mutex(false)
    /// Opened by `stop()`: `run()` winds down.
    let stopRequested = Latch()
    /// Opened when `run()` has released the store and the HTTP client.
    let ended = Latch()
    /// Set once the listener has stopped: the dispatch and prune loops end.
    let loopsStopping = Atomic(false)
    /// `GET /metrics`'s families; the executable adds build info to `metrics.registry`.
    public let metrics: GatewayMetrics
    /// `/healthz`, `/readyz`, `/metrics`.
    private let operations: OperationsRoutes
    /// Sends the spans of ingest and delivery to `[tracing] otlp_endpoint`; `nil` without one.
    let spanExporter: SpanExporter?

    /// Opens the store and builds every part; nothing listens until `run()` (or `start()`).
    public init(loaded: ConfigLoader.Loaded, options: Options) throws(GatewayError) {
        dispatchWakeup = Wakeup(clock: options.clock)
        pruneWakeup = Wakeup(clock: options.clock)
        let settings = GatewaySettings(loaded.config)
        self.settings = settings
        self.options = options
        let metrics = GatewayMetrics()
        self.metrics = metrics
        do { store = try settings.store.open() } catch {
            throw GatewayError(.store, "cannot open \(settings.store.place): \(error)")
        }
        do { transport = try CurlTransport() } catch {
            throw GatewayError(.configuration, "cannot start the HTTP client: \(error)")
        }
        var spans: SpanExporter?
        if let configuration = settings.tracing {
            do {
                spans = try SpanExporter(
                    configuration: configuration, transport: transport, registry: metrics.registry, logger: options.logger)
            } catch {
                throw GatewayError(.configuration, "cannot register the span exporter's metrics: \(error)")
            }
        }
        spanExporter = spans
        let snipeIT = Self.snipeITClient(settings, transport: transport, metrics: metrics)
        snipeITClient = Mutex(snipeIT)
        let executor = Self.executor(
            token: settings.snifferToken, settings: settings, transport: transport, store: store, options: options,
            metrics: metrics, snipeIT: snipeIT)
        let scheduler = DeliveryScheduler(
            configuration: .init(
                concurrency: options.deliveryConcurrency ?? loaded.config.delivery.concurrency, pollInterval: options.pollInterval,
                retryPolicy: settings.retryPolicy, breakers: settings.breakers),
            store: store, executor: executor, logger: options.logger, clock: options.clock, metrics: metrics.delivery,
            spans: spans)
        self.scheduler = scheduler
        // Another replica's new work wakes this one's deliveries at once.
        (store as? any WorkNotifications)?.onQueuedWork { scheduler.poke() }
        metrics.watchToken { scheduler.pauseReason(of: .sniffer) != nil }
        let opened = store
        metrics.watchDiskSpace { opened.diskSpace() }
        operations = OperationsRoutes(
            store: store, directory: settings.store.directory, largestEvent: settings.maxBodyBytes, metrics: metrics,
            tokenProblem: { scheduler.pauseReason }, targets: { scheduler.targetStatuses })
        let snapshots = SnapshotHolder(
            try GatewaySnapshot.make(
                loaded, store: store, logger: options.logger, metrics: metrics, clock: options.clock, spans: spans,
                onDispatched: { scheduler.poke() }))
        self.snapshots = snapshots
        var router = HTTPRouter()
        // Every known source has a route; the snapshot decides whether it is
        // enabled, so a reload can turn sources on and off.
        for name in SourceRegistry.names {
            router.add("POST", "/hooks/\(name)", HookRoute(name: name, holder: snapshots))
        }
        operations.add(to: &router)
        router.mount(AdminAPI.prefix, Self.admin(store: store, snapshots: snapshots, scheduler: scheduler, metrics: metrics, options: options))
        var parser = HTTPRequestParser.Configuration()
        parser.maxBodyBytes = settings.maxBodyBytes
        let logger = options.logger
        let descriptorEpisodes = metrics.descriptorExhaustions
        server = HTTPServer(
            configuration: HTTPServer.Configuration(
                host: settings.host, port: options.portOverride ?? settings.port, loopCount: options.loopCount,
                maxReceivingConnections: settings.maxReceivingConnections, parser: parser,
                headTimeout: settings.headTimeout, bodyTimeout: settings.bodyTimeout,
                notify: { notice in
                    switch notice {
                    case .descriptorsExhausted(let limit, let open):
                        descriptorEpisodes.increment()
                        logger.error(
                            "Out of file descriptors: new connections are closed at once until some are freed",
                            metadata: ["limit": "\(limit)", "open": "\(open)"])
                    case .descriptorsRecovered(let refused):
                        logger.notice("File descriptors available again", metadata: ["refused_connections": "\(refused)"])
                    }
                }),
            handler: router)
    }

    /// The Snipe-IT client of `[snipeit]`, or `nil` without one.
    static func snipeITClient(
        _ settings: GatewaySettings, transport: CurlTransport, metrics: GatewayMetrics?
    ) -> SnipeITClient? {
        guard let snipeIT = settings.snipeIT else { return nil }
        var configuration = SnipeITConfiguration(baseURL: snipeIT.baseURL, token: Secret(snipeIT.token))
        configuration.timeout = snipeIT.timeoutMilliseconds.map { .milliseconds($0) }
        configuration.requestsPerMinute = snipeIT.rateLimit
        configuration.burst = snipeIT.burst
        // Timed against the base the client calls, `/api/v1` included.
        let timed: any HTTPTransport =
            metrics.map {
                MeteredTransport(inner: transport, metrics: $0.delivery, target: .snipeIT, baseURL: configuration.apiBase)
            } ?? transport
        return SnipeITClient(configuration: configuration, transport: TracePropagatingTransport(inner: timed))
    }

    static func executor(
        token: String, settings: GatewaySettings, transport: CurlTransport, store: any EventStore, options: Options,
        metrics: GatewayMetrics? = nil, snipeIT: SnipeITClient? = nil
    ) -> ActionExecutor {
        var configuration = settings.snifferConfiguration(token: Secret(token))
        // A POST resent by libcurl after "applied, then dropped" would file or comment twice.
        configuration.freshConnectionForPOST = true
        let timed: any HTTPTransport =
            metrics.map {
                MeteredTransport(inner: transport, metrics: $0.delivery, target: .sniffer, baseURL: settings.snifferBaseURL)
            } ?? transport
        let client = SnifferClient(configuration: configuration, transport: TracePropagatingTransport(inner: timed))
        return ActionExecutor(
            client: client, store: store, defaultProject: settings.defaultProject,
            resolvedStatuses: options.resolvedStatuses,
            slack: SlackResponder(transport: transport),
            customFields: settings.customFields == .topLevel ? .topLevel : .details, links: settings.bugLinks,
            snipeIT: snipeIT)
    }

    /// The bound port while listening.
    public var port: Int? { server.port }

    /// `nil` while ready; otherwise why not (deliveries paused by a refused token).
    /// An open circuit breaker is not a reason: ingest goes on and events are durable.
    public var notReadyReason: String? { scheduler.pauseReason }

    /// `nil` while `/readyz` answers 200, otherwise its reason: the data directory
    /// takes no write, the store does not answer, or the Sniffer token was refused.
    public func readiness() async -> String? { await operations.notReadyReason() }

    /// Counts of pending events and actions by state.
    public func counts() async throws(StoreError) -> StoreCounts { try await store.counts() }
}
