import Synchronization

/// Counts observations into buckets (latencies in seconds). Rendered as
/// cumulative `_bucket{le=…}` lines ending with `le="+Inf"`, then `_sum` and
/// `_count`.
///
/// One `Mutex` per series (not one atomic per bucket): an observation updates
/// a bucket, the sum and the count together, and rendering must see all three
/// from the same instant so `+Inf` always equals `_count`.
public final class Histogram: Sendable {
    /// Bucket upper bounds for durations in seconds: 0.5 ms to 10 s.
    public static let defaultBuckets: [Double] = [
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]

    struct State {
        /// Per-bucket (not cumulative) counts; the last slot is above every bound.
        var counts: [UInt64]
        var sum: Double = 0
        var count: UInt64 = 0
    }

    /// The finite upper bounds, strictly increasing; `+Inf` is implied.
    public let upperBounds: [Double]
    private let state: Mutex<State>

    /// `upperBounds` must be valid (see `Histogram.validate`); the registry checks them.
    init(upperBounds: [Double]) {
        self.upperBounds = upperBounds
        self.state = Mutex(State(counts: Array(repeating: 0, count: upperBounds.count + 1)))
    }

    /// Records one observation. NaN counts only towards `+Inf` and makes the sum NaN, as in Prometheus' clients.
    public func observe(_ value: Double) {
        var slot = upperBounds.count
        for (index, bound) in upperBounds.enumerated() where value <= bound {
            slot = index
            break
        }
        state.withLock { state in
            state.counts[slot] &+= 1
            state.count &+= 1
            state.sum += value
        }
    }

    /// Records a duration in seconds.
    public func observe(_ duration: Duration) {
        let parts = duration.components
        observe(Double(parts.seconds) + Double(parts.attoseconds) * 1e-18)
    }

    /// The number of observations so far.
    public var count: UInt64 { state.withLock { $0.count } }

    /// The sum of observations so far.
    public var sum: Double { state.withLock { $0.sum } }

    /// Cumulative counts for each bound and then `+Inf`.
    public var cumulativeCounts: [UInt64] {
        let counts = state.withLock { $0.counts }
        var running: UInt64 = 0
        return counts.map { count in
            running &+= count
            return running
        }
    }

    /// Nil when `buckets` are usable, or what is wrong with them. A trailing
    /// `+Inf` is allowed (it is implied anyway).
    static func validate(_ buckets: [Double]) -> String? {
        let finite = buckets.last == .infinity ? Array(buckets.dropLast()) : buckets
        if finite.isEmpty { return "has no finite bucket" }
        if let bad = finite.first(where: { !$0.isFinite }) { return "has a bucket bound \(bad) that is not finite" }
        for index in finite.indices.dropFirst() where finite[index] <= finite[index - 1] {
            return "has bucket bounds that are not strictly increasing (\(finite[index - 1]), \(finite[index]))"
        }
        return nil
    }
}

extension Histogram: MetricSeries {
    static var metricType: MetricType { .histogram }

    func appendSamples(family: String, labels: [(name: String, value: String)], to out: inout String) {
        let snapshot = state.withLock { $0 }
        var running: UInt64 = 0
        let bucketName = family + "_bucket"
        for index in 0...upperBounds.count {
            running &+= snapshot.counts[index]
            let le = index < upperBounds.count ? PrometheusText.format(upperBounds[index]) : "+Inf"
            out += bucketName
            out += PrometheusText.labelSet(labels + [(name: "le", value: le)])
            out += " "
            out += String(running)
            out += "\n"
        }
        let labelText = PrometheusText.labelSet(labels)
        out += family + "_sum" + labelText + " " + PrometheusText.format(snapshot.sum) + "\n"
        out += family + "_count" + labelText + " " + String(snapshot.count) + "\n"
    }
}
