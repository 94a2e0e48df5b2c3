import Synchronization

/// A value that only goes up (requests, deliveries, retries). Lock-free:
/// whole-number increments are one atomic add; fractional ones (`_seconds_total`)
/// go to a second atomic updated with compare-and-swap.
public final class Counter: Sendable {
    private let whole = Atomic<UInt64>(0)
    private let fraction = Atomic<UInt64>(Double(0).bitPattern)

    /// A counter at 0; usually made by a `CounterFamily`.
    public init() {}

    /// Adds 1.
    public func increment() { increment(by: UInt64(1)) }

    /// Adds a whole number.
    public func increment(by amount: UInt64) {
        whole.wrappingAdd(amount, ordering: .relaxed)
    }

    /// Adds a non-negative amount; negative, NaN and infinite amounts are
    /// ignored, because a counter never goes down.
    public func increment(by amount: Double) {
        guard amount.isFinite, amount > 0 else { return }
        var current = fraction.load(ordering: .relaxed)
        while true {
            let next = (Double(bitPattern: current) + amount).bitPattern
            let (exchanged, original) = fraction.compareExchange(expected: current, desired: next, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }

    /// The current total.
    public var value: Double {
        Double(whole.load(ordering: .relaxed)) + Double(bitPattern: fraction.load(ordering: .relaxed))
    }

    /// The value as written in the exposition: exact for whole-number counters.
    var renderedValue: String {
        let fractional = Double(bitPattern: fraction.load(ordering: .relaxed))
        let integral = whole.load(ordering: .relaxed)
        return fractional == 0 ? String(integral) : PrometheusText.format(Double(integral) + fractional)
    }
}

extension Counter: MetricSeries {
    static var metricType: MetricType { .counter }

    func appendSamples(family: String, labels: [(name: String, value: String)], to out: inout String) {
        out += family
        out += PrometheusText.labelSet(labels)
        out += " "
        out += renderedValue
        out += "\n"
    }
}
