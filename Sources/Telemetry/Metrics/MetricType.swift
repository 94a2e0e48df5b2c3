/// The metric types the registry renders, as written on `# TYPE` lines.
public enum MetricType: String, Sendable, Hashable {
    case counter
    case gauge
    case histogram
}
