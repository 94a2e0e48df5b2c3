import Rules
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
    let requests: CounterFamily
    let ingestDuration: HistogramFamily
    let eventsStored: CounterFamily
    let duplicates: CounterFamily
    let ruleMatches: CounterFamily
    let eventsUnmatched: CounterFamily
    let ruleErrors: CounterFamily
    let deliveries: CounterFamily
    let retries: Counter
    let deadLetters: Counter
    let outcomeWriteFailures: Counter
    let snifferDuration: HistogramFamily
    /// The last store counts read for a scrape (the callback gauges read it).
    private let counts = CountsSnapshot()

    /// Registers every family (the token counts as ok until `watchToken` is called).
    package init() {
        let registry = MetricsRegistry()
        self.registry = registry
        do {
            requests = try registry.counter(
                "sniffer_bridge_webhook_requests_total", help: "Webhook requests by source and HTTP status answered.",
                labelNames: ["source", "status"])
            ingestDuration = try registry.histogram(
                "sniffer_bridge_ingest_duration_seconds",
                help: "Time from a webhook request to its answer (verification, decoding and the durable append).",
                labelNames: ["source"])
            eventsStored = try registry.counter(
                "sniffer_bridge_events_stored_total", help: "New events written to the store, by source.", labelNames: ["source"])
            duplicates = try registry.counter(
                "sniffer_bridge_events_duplicate_total",
                help: "Redeliveries (same source and delivery id) answered without storing again, by source.",
                labelNames: ["source"])
            ruleMatches = try registry.counter(
                "sniffer_bridge_rule_matches_total", help: "Events a mapping rule matched, by rule.", labelNames: ["rule"])
            eventsUnmatched = try registry.counter(
                "sniffer_bridge_events_unmatched_total",
                help: "Stored events no rule wanted (answered 202 with matched 0), by source.", labelNames: ["source"])
            ruleErrors = try registry.counter(
                "sniffer_bridge_rule_errors_total", help: "Rule evaluations that failed at run time, by rule.",
                labelNames: ["rule"])
            deliveries = try registry.counter(
                "sniffer_bridge_deliveries_total",
                help: "Delivery attempts by outcome: done, retry, dead (dead-lettered) or paused (token refused).",
                labelNames: ["outcome"])
            retries = try registry.counter(
                "sniffer_bridge_delivery_retries_total", help: "Delivery attempts that failed and were scheduled again."
            ).labels()
            deadLetters = try registry.counter(
                "sniffer_bridge_dead_letters_total", help: "Actions given up on and kept as dead letters."
            ).labels()
            outcomeWriteFailures = try registry.counter(
                "sniffer_bridge_outcome_write_failures_total",
                help: "Delivery outcomes the store could not record at once (each is tried again until it lands)."
            ).labels()
            snifferDuration = try registry.histogram(
                "sniffer_bridge_sniffer_request_duration_seconds",
                help: "Sniffer API call latency by endpoint (method and path with ids replaced by :id).",
                labelNames: ["endpoint"])
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

    /// One evaluated event: matches and run-time errors by rule.
    package func record(_ result: EvaluationResult, source: String) {
        if result.matchedRules == 0 { eventsUnmatched.labels(source).increment() }
        for outcome in result.outcomes {
            switch outcome.status {
            case .matched: ruleMatches.labels(outcome.rule).increment()
            case .failed: ruleErrors.labels(outcome.rule).increment()
            case .skipped, .notMatched: break
            }
        }
    }

    /// One source's ingest series, looked up once: every webhook touches them.
    package func source(_ name: String) -> SourceMetrics { SourceMetrics(gateway: self, source: name) }

    /// A delivery outcome the store did not take (it is tried again).
    package func outcomeWriteFailed() { outcomeWriteFailures.increment() }

    /// One delivery attempt's decision.
    package func record(_ decision: DeliveryDecision) {
        switch decision {
        case .complete:
            deliveries.labels("done").increment()
        case .retry:
            deliveries.labels("retry").increment()
            retries.increment()
        case .deadLetter:
            deliveries.labels("dead").increment()
            deadLetters.increment()
        case .releaseAndPause:
            deliveries.labels("paused").increment()
        }
    }
}

extension GatewayMetrics {
    /// The ingest series of one source.
    package struct SourceMetrics: Sendable {
        /// The registry's other families (rule matches and errors).
        package let gateway: GatewayMetrics
        private let source: String
        private let duration: Histogram
        private let stored: Counter
        private let duplicates: Counter
        private let accepted: Counter

        init(gateway: GatewayMetrics, source: String) {
            self.gateway = gateway
            self.source = source
            duration = gateway.ingestDuration.labels(source)
            stored = gateway.eventsStored.labels(source)
            duplicates = gateway.duplicates.labels(source)
            accepted = gateway.requests.labels(source, "202")
        }

        /// One request's outcome and how long it took to answer.
        package func record(_ outcome: IngestOutcome, duration elapsed: Duration) {
            duration.observe(elapsed)
            let status = outcome.status
            if status == 202 { accepted.increment() } else { gateway.requests.labels(source, String(status)).increment() }
            switch outcome {
            case .stored: stored.increment()
            case .duplicate: duplicates.increment()
            case .refused, .immediate, .storeFailed: break
            }
        }
    }
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
