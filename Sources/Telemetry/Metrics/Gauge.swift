import Synchronization

/// A value that goes up and down (connections open, token state). Lock-free:
/// the `Double` is kept as its bit pattern in one atomic.
public final class Gauge: Sendable {
    private let bits = Atomic<UInt64>(Double(0).bitPattern)

    /// A gauge at 0; usually made by a `GaugeFamily`.
    public init() {}

    /// Sets the value.
    public func set(_ value: Double) {
        bits.store(value.bitPattern, ordering: .relaxed)
    }

    /// Adds `amount` (default 1).
    public func increment(by amount: Double = 1) {
        var current = bits.load(ordering: .relaxed)
        while true {
            let next = (Double(bitPattern: current) + amount).bitPattern
            let (exchanged, original) = bits.compareExchange(expected: current, desired: next, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }

    /// Subtracts `amount` (default 1).
    public func decrement(by amount: Double = 1) { increment(by: -amount) }

    /// The current value.
    public var value: Double { Double(bitPattern: bits.load(ordering: .relaxed)) }
}

extension Gauge: MetricSeries {
    static var metricType: MetricType { .gauge }

    func appendSamples(family: String, labels: [(name: String, value: String)], to out: inout String) {
        out += family
        out += PrometheusText.labelSet(labels)
        out += " "
        out += PrometheusText.format(value)
        out += "\n"
    }
}
