import Delivery
import Ingest
import Store
import Synchronization
import Telemetry

/// The gateway's Prometheus metrics (`GET /metrics`), one registry per
/// gateway. Every family is registered up front, so a scrape before any
/// traffic already lists them all. Names follow Prometheus conventions:
/// `sniffer_bridge_` prefix, `_total` counters, `_seconds` durations.
public final class GatewayMetrics: Sendable {
    /// The registry `/metrics` renders (the executable adds build info to it).
    public let registry: MetricsRegistry
    /// Requests, stored events, rule matches and errors.
    package let ingest: IngestMetrics
    /// Delivery attempts, retries, dead letters and Sniffer's latency.
    package let delivery: DeliveryMetrics
    /// Episodes of `accept` failing for want of file descriptors.
    let descriptorExhaustions: Counter
    /// The last store counts read for a scrape (the callback gauges read it).
    private let counts = CountsSnapshot()

    /// Registers every family (the token counts as ok until `watchToken` is called).
    package init() {
        let registry = MetricsRegistry()
        self.registry = registry
        do {
            ingest = try IngestMetrics(registry: registry)
            delivery = try DeliveryMetrics(registry: registry)
            descriptorExhaustions = try registry.counter(
                "sniffer_bridge_descriptor_exhaustion_episodes_total",
                help: "Times the listener ran out of file descriptors (accept failed with EMFILE or ENFILE)."
            ).labels()
            let counts = self.counts
            try registry.callbackGauge(
                "sniffer_bridge_outbox_actions", help: "Outbox actions by state (read from the store at scrape time).",
                labelNames: ["state"]
            ) {
                guard let snapshot = counts.value else { return [] }
                return ActionState.allCases.map {
                    GaugeSample(labelValues: [$0.rawValue], value: Double(snapshot.actions[$0] ?? 0))
                }
            }
            try registry.callbackGauge(
                "sniffer_bridge_inbox_pending_events", help: "Stored events not yet evaluated by the rules."
            ) {
                guard let snapshot = counts.value else { return [] }
                return [GaugeSample(value: Double(snapshot.pendingEvents))]
            }
            try Self.registerTokenState(registry) { false }
            try Self.registerDiskSpace(registry) { nil }
        } catch {
            // The names above are constants checked by GatewayMetricsTests; a clash is a programming error.
            preconditionFailure("GatewayMetrics: \(error)")
        }
    }

    /// Reports the token state through `refused` from now on (the scheduler's pause).
    func watchToken(_ refused: @escaping @Sendable () -> Bool) {
        do { try Self.registerTokenState(registry, refused) } catch {
            preconditionFailure("GatewayMetrics: \(error)")
        }
    }

    private static func registerTokenState(
        _ registry: MetricsRegistry, _ refused: @escaping @Sendable () -> Bool
    ) throws(MetricsError) {
        try registry.callbackGauge(
            "sniffer_bridge_sniffer_token_state",
            help: "1 for the Sniffer token's current state: ok, or refused (deliveries paused until it is replaced).",
            labelNames: ["state"]
        ) {
            let isRefused = refused()
            return [
                GaugeSample(labelValues: ["ok"], value: isRefused ? 0 : 1),
                GaugeSample(labelValues: ["refused"], value: isRefused ? 1 : 0),
            ]
        }
    }

    /// Reports the data directory's free space and reserve through `space` from now on.
    func watchDiskSpace(_ space: @escaping @Sendable () -> DiskSpace?) {
        do { try Self.registerDiskSpace(registry, space) } catch {
            preconditionFailure("GatewayMetrics: \(error)")
        }
    }

    private static func registerDiskSpace(
        _ registry: MetricsRegistry, _ space: @escaping @Sendable () -> DiskSpace?
    ) throws(MetricsError) {
        try registry.callbackGauge(
            "sniffer_bridge_store_free_bytes",
            help: "Bytes free on the data directory's file system (absent for a store without a local disk)."
        ) { space().map { [GaugeSample(value: Double($0.available))] } ?? [] }
        try registry.callbackGauge(
            "sniffer_bridge_store_reserve_bytes",
            help: "Bytes of that space new webhooks may not use: kept for delivery outcomes ([store] reserve_bytes)."
        ) { space().map { [GaugeSample(value: Double($0.reserve))] } ?? [] }
    }

    /// Keeps the store counts the outbox gauges show (refreshed before each scrape).
    func update(_ snapshot: StoreCounts) {
        counts.value = snapshot
    }

    /// One source's ingest series.
    package func source(_ name: String) -> IngestMetrics.SourceMetrics { ingest.source(name) }
}

/// The store counts of the last scrape, shared with the callback gauges
/// (a class, because a `Mutex` cannot be captured by copy).
private final class CountsSnapshot: Sendable {
    private let stored = Mutex<StoreCounts?>(nil)

    var value: StoreCounts? {
        get { stored.withLock { $0 } }
        set { stored.withLock { $0 = newValue } }
    }
}
