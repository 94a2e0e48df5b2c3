import Config
import Foundation
import HTTP
import Outbound
import Rules
import Sniffer
import Store
import Synchronization
import Telemetry

/// A running sniffer-bridge: the store, the rules snapshot, the Sniffer
/// client, the dispatcher and delivery loops, and the HTTP listener with
/// `POST /hooks/<source>` for every enabled source (others answer 404).
///
/// ```swift
/// let gateway = try Gateway(loaded: try ConfigLoader.load(path: "bridge.toml"), options: .init(logger: logger))
/// let address = try await gateway.start()
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

        public init(
            logger: Logger, deliveryConcurrency: Int? = nil, pollInterval: Duration = .milliseconds(200),
            resolvedStatuses: Set<String> = ["Resolved", "Closed", "Done", "Fixed"], loopCount: Int? = nil,
            portOverride: Int? = nil, retention: Duration = .seconds(7 * 86_400), pruneInterval: Duration = .seconds(3_600)
        ) {
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
    package let store: SQLiteStore
    let transport: CurlTransport
    /// The config, mappings and sources in force; replaced whole by `reload`.
    let snapshots: SnapshotHolder
    private let server: HTTPServer
    let scheduler: DeliveryScheduler
    /// Ends the dispatch loop's wait at `stop()`.
    private let dispatchWakeup = Wakeup()
    /// Serialises reloads, so the snapshot and the Sniffer client of one reload are installed together.
    let reloading = Mutex(())
    private let pruneWakeup = Wakeup()
    private let loops = Mutex<(stopping: Bool, tasks: [Task<Void, Never>])>((false, []))
    /// `GET /metrics`'s families; the executable adds build info to `metrics.registry`.
    public let metrics: GatewayMetrics
    /// `/healthz`, `/readyz`, `/metrics`.
    private let operations: OperationsRoutes

    /// Opens the store and builds every part; nothing listens until `start()`.
    public init(loaded: ConfigLoader.Loaded, options: Options) throws(GatewayError) {
        let settings = GatewaySettings(loaded.config)
        self.settings = settings
        self.options = options
        let metrics = GatewayMetrics()
        self.metrics = metrics
        do { store = try SQLiteStore(configuration: settings.store) } catch {
            throw GatewayError(.store, "cannot open the data directory \(settings.store.directory): \(error)")
        }
        do { transport = try CurlTransport() } catch {
            throw GatewayError(.configuration, "cannot start the HTTP client: \(error)")
        }
        let executor = Self.executor(
            token: settings.snifferToken, settings: settings, transport: transport, store: store, options: options,
            metrics: metrics)
        let scheduler = DeliveryScheduler(
            configuration: .init(
                concurrency: options.deliveryConcurrency ?? loaded.config.delivery.concurrency, pollInterval: options.pollInterval,
                retryPolicy: settings.retryPolicy),
            store: store, executor: executor, logger: options.logger, clock: Self.nowMillis, metrics: metrics)
        self.scheduler = scheduler
        metrics.watchToken { scheduler.pauseReason != nil }
        operations = OperationsRoutes(
            store: store, directory: settings.store.directory, metrics: metrics, tokenProblem: { scheduler.pauseReason })
        let snapshots = SnapshotHolder(
            try GatewaySnapshot.make(
                loaded, store: store, logger: options.logger, metrics: metrics, onDispatched: { scheduler.poke() }))
        self.snapshots = snapshots
        var router = HTTPRouter()
        // Every known source has a route; the snapshot decides whether it is
        // enabled, so a reload can turn sources on and off.
        for name in SourceRegistry.names {
            router.add("POST", "/hooks/\(name)", HookRoute(name: name, holder: snapshots))
        }
        operations.add(to: &router)
        var parser = HTTPRequestParser.Configuration()
        parser.maxBodyBytes = settings.maxBodyBytes
        server = HTTPServer(
            configuration: HTTPServer.Configuration(
                host: settings.host, port: options.portOverride ?? settings.port, loopCount: options.loopCount,
                parser: parser),
            handler: router)
    }

    static func executor(
        token: String, settings: GatewaySettings, transport: CurlTransport, store: any EventStore, options: Options,
        metrics: GatewayMetrics? = nil
    ) -> ActionExecutor {
        var configuration = settings.snifferConfiguration(token: Secret(token))
        // A POST resent by libcurl after "applied, then dropped" would file or comment twice.
        configuration.freshConnectionForPOST = true
        let timed: any HTTPTransport =
            metrics.map { MeteredTransport(inner: transport, metrics: $0, baseURL: settings.snifferBaseURL) } ?? transport
        let client = SnifferClient(configuration: configuration, transport: timed)
        return ActionExecutor(
            client: client, store: store, defaultProject: settings.defaultProject,
            resolvedStatuses: options.resolvedStatuses,
            slack: SlackResponder(transport: transport, bugLinkBase: settings.snifferBaseURL))
    }

    static let nowMillis: @Sendable () -> EpochMillis = { EpochMillis((Date().timeIntervalSince1970 * 1000).rounded()) }

    /// Recovers what a crash left in flight, starts the loops, then listens.
    @discardableResult
    public func start() async throws(GatewayError) -> SocketAddress {
        do {
            let recovered = try await store.recoverInFlight(now: Self.nowMillis())
            if recovered > 0 {
                options.logger.notice("Recovered deliveries left in flight", metadata: ["count": "\(recovered)"])
            }
        } catch {
            throw GatewayError(.store, "cannot recover in-flight deliveries: \(error)")
        }
        // Events a power loss left without their actions go first: until they
        // are dispatched, fresh events queue behind them in the slow path.
        while (try? await dispatchPass()) ?? 0 > 0 {}
        let scheduler = self.scheduler
        let dispatchTask = Task { await self.dispatchLoop() }
        let deliveryTask = Task { await scheduler.run() }
        let pruneTask = Task { await self.pruneLoop() }
        loops.withLock { $0.tasks = [dispatchTask, deliveryTask, pruneTask] }
        let address: SocketAddress
        do { address = try server.start() } catch {
            await stop()
            throw GatewayError(.listen, "cannot listen on \(settings.host):\(options.portOverride ?? settings.port): \(error)")
        }
        options.logger.info(
            "Gateway listening",
            metadata: ["address": "\(address)", "sources": "\(snapshots.snapshot.mappings.files.count) mapping files"])
        return address
    }

    /// Dispatches the events stored without their actions (see `Dispatcher`),
    /// polling: fresh events get theirs at ingest and never wait for it.
    private func dispatchLoop() async {
        while !loops.withLock({ $0.stopping }) {
            if (try? await dispatchPass()) ?? 0 > 0 { continue }
            await dispatchWakeup.wait(timeout: options.pollInterval)
        }
    }

    /// One dispatcher pass with the current snapshot's mappings; returns how
    /// many events it dispatched (errors are logged and rethrown).
    private func dispatchPass() async throws(StoreError) -> Int {
        var dispatcher = Dispatcher(store: store, mappings: snapshots.snapshot.mappings, logger: options.logger)
        dispatcher.metrics = metrics
        do {
            let count = try await dispatcher.dispatchPending(now: Self.nowMillis())
            if count > 0 { scheduler.poke() }
            return count
        } catch {
            options.logger.error("Could not dispatch stored events", metadata: [LogKey.error: "\(error)"])
            throw error
        }
    }

    /// Retention: what is finished and older than `options.retention` is deleted, hourly by default.
    private func pruneLoop() async {
        while !loops.withLock({ $0.stopping }) {
            let cutoff = Self.nowMillis() - DeliveryDecision.milliseconds(options.retention)
            do {
                let pruned = try await store.prune(olderThan: cutoff)
                options.logger.debug("Pruned finished events and deliveries", metadata: ["result": "\(pruned)"])
            } catch {
                options.logger.error("Could not prune the store", metadata: [LogKey.error: "\(error)"])
            }
            await pruneWakeup.wait(timeout: options.pruneInterval)
        }
    }

    /// The bound port while listening.
    public var port: Int? { server.port }

    /// `nil` while ready; otherwise why not (deliveries paused by a refused token).
    public var notReadyReason: String? { scheduler.pauseReason }

    /// `nil` while `/readyz` answers 200, otherwise its reason: the data directory
    /// takes no write, the store does not answer, or the Sniffer token was refused.
    public func readiness() async -> String? { await operations.notReadyReason() }

    /// Counts of pending events and actions by state.
    public func counts() async throws(StoreError) -> StoreCounts { try await store.counts() }

    /// Graceful stop: no new connections, requests in flight answered, the
    /// deliveries in flight given `[server].shutdown_timeout` to finish; the
    /// rest stays in the outbox (in flight, recovered and retried on the next
    /// start, where the executor looks before it repeats a side effect).
    public func stop() async {
        server.stop()
        let (tasks, first) = loops.withLock { loops -> ([Task<Void, Never>], Bool) in
            defer {
                loops.stopping = true
                loops.tasks = []
            }
            return (loops.tasks, !loops.stopping)
        }
        // A second call (e.g. after a failed start) has nothing left to release.
        guard first else { return }
        dispatchWakeup.signal()
        pruneWakeup.signal()
        scheduler.stop()
        let milliseconds = options.shutdownTimeout.map(DeliveryDecision.milliseconds)
            ?? snapshots.snapshot.config.server.shutdownTimeoutMilliseconds
        if await !Self.waitForAll(tasks, timeout: .milliseconds(milliseconds)) {
            options.logger.warning(
                "Stop deadline passed with deliveries in flight; they stay in the outbox for the next start",
                metadata: ["in_flight": "\(scheduler.inFlight)", "shutdown_timeout_ms": "\(milliseconds)"])
        }
        await store.close()
        transport.shutdown()
    }
}

extension Gateway {
    /// Whether every task finished within `timeout` (the ones that did not keep running).
    static func waitForAll(_ tasks: [Task<Void, Never>], timeout: Duration) async -> Bool {
        let (stream, continuation) = AsyncStream.makeStream(of: Bool.self)
        let waiter = Task {
            for task in tasks { await task.value }
            continuation.yield(true)
        }
        let timer = Task {
            try? await Task.sleep(for: timeout)
            continuation.yield(false)
        }
        var finished = false
        for await first in stream {
            finished = first
            break
        }
        timer.cancel()
        _ = waiter
        continuation.finish()
        return finished
    }
}
