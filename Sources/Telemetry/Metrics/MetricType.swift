/// The metric types the registry renders, as written on `# TYPE` lines.
public enum MetricType: String, Sendable, Hashable {
    /// Only goes up; the name ends in `_total`.
    case counter
    /// Goes up and down.
    case gauge
    /// Observations counted into buckets, with `_bucket`, `_sum` and `_count` series.
    case histogram
}
