import Telemetry

/// The circuit breakers' Prometheus families: each target's state, its
/// changes of state, and the deliveries it held. Every series exists from
/// the start (at 0, closed), so dashboards see zeros rather than gaps.
package final class TargetBreakerMetrics: Sendable {
    static let stateName = "sniffer_bridge_target_breaker_state"
    static let stateHelp = "Each delivery target's circuit breaker: 0 closed, 1 half-open (one probe out), 2 open (deliveries held)."

    private let registry: MetricsRegistry
    let transitions: CounterFamily
    let held: CounterFamily

    init(registry: MetricsRegistry) throws(MetricsError) {
        self.registry = registry
        transitions = try registry.counter(
            "sniffer_bridge_target_breaker_transitions_total",
            help: "Circuit breaker changes of state by target and the state entered (closed, half_open, open).",
            labelNames: ["target", "to"])
        held = try registry.counter(
            "sniffer_bridge_target_breaker_held_total",
            help: "Deliveries an open or probing breaker gave back to the outbox without an attempt, by target.",
            labelNames: ["target"])
        for target in DeliveryTarget.allCases {
            _ = held.labels(target.rawValue)
            for state in CircuitBreaker.State.allCases { _ = transitions.labels(target.rawValue, state.name) }
        }
        try Self.registerState(registry) { DeliveryTarget.allCases.map { ($0, CircuitBreaker.State.closed) } }
    }

    /// Reports the breakers' states through `read` from now on (the scheduler's gates).
    package func watch(_ read: @escaping @Sendable () -> [(DeliveryTarget, CircuitBreaker.State)]) {
        do { try Self.registerState(registry, read) } catch {
            // The name is a constant checked by the metrics tests; a clash is a programming error.
            preconditionFailure("TargetBreakerMetrics: \(error)")
        }
    }

    /// One change of state of `target`'s breaker.
    package func record(_ transition: CircuitBreaker.Transition, of target: DeliveryTarget) {
        transitions.labels(target.rawValue, transition.to.name).increment()
    }

    /// One delivery `target`'s breaker held.
    package func recordHeld(_ target: DeliveryTarget) {
        held.labels(target.rawValue).increment()
    }

    private static func registerState(
        _ registry: MetricsRegistry, _ read: @escaping @Sendable () -> [(DeliveryTarget, CircuitBreaker.State)]
    ) throws(MetricsError) {
        try registry.callbackGauge(stateName, help: stateHelp, labelNames: ["target"]) {
            read().map { GaugeSample(labelValues: [$0.0.rawValue], value: $0.1.gaugeValue) }
        }
    }
}
