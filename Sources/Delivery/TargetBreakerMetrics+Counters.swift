import Telemetry

extension TargetBreakerMetrics {
    /// `target`'s breaker counters since the start, for the admin API:
    /// deliveries held, and the changes of state by the state entered.
    package func counters(of target: DeliveryTarget) -> [String: Double] {
        var counters = ["held": held.existing.filter { $0.values == [target.rawValue] }.reduce(0) { $0 + $1.series.value }]
        for (values, series) in transitions.existing where values.first == target.rawValue && values.count == 2 {
            counters["to_\(values[1])"] = series.value
        }
        return counters
    }
}
