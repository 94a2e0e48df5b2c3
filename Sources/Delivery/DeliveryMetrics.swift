import Telemetry

/// The deliveries' Prometheus families: attempts by outcome, retries, dead
/// letters, outcome writes the store refused, Sniffer's latency, and the
/// targets' circuit breakers.
/// Registered on the gateway's registry, so one `/metrics` lists them with the others.
package final class DeliveryMetrics: Sendable {
    let deliveries: CounterFamily
    let retries: Counter
    let deadLetters: Counter
    let outcomeWriteFailures: Counter
    let snifferDuration: HistogramFamily
    let snipeITDuration: HistogramFamily
    /// Each target's breaker: its state, its changes of state, what it held.
    package let breakers: TargetBreakerMetrics

    package init(registry: MetricsRegistry) throws(MetricsError) {
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
        snipeITDuration = try registry.histogram(
            "sniffer_bridge_snipeit_request_duration_seconds",
            help: "Snipe-IT API call latency by endpoint (method and path under /api/v1, ids, tags and serials replaced).",
            labelNames: ["endpoint"])
        breakers = try TargetBreakerMetrics(registry: registry)
    }

    /// The latency histogram of `target`'s API calls.
    func requestDuration(of target: DeliveryTarget) -> HistogramFamily {
        switch target {
        case .sniffer: snifferDuration
        case .snipeIT: snipeITDuration
        }
    }

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
        case .hold:
            deliveries.labels("held").increment()
        case .gated:
            // Not an attempt: `TargetBreakerMetrics` counts what a breaker held.
            break
        }
    }
}
