import Synchronization

/// A registered family: one name, help text and set of label names, with one
/// series per distinct set of label values, made on first use.
///
/// `labels(…)` takes a lock and a dictionary lookup; on a hot path keep the
/// returned series (a class) and increment it directly.
public final class MetricFamily<Series: AnyObject & Sendable>: Sendable {
    /// The family name, e.g. `sniffer_bridge_requests_total`.
    public let name: String
    /// The `# HELP` text.
    public let help: String
    /// The label names, in the order `labels(…)` takes their values.
    public let labelNames: [String]
    let type: MetricType
    let buckets: [Double]
    private let make: @Sendable () -> Series
    private let series: Mutex<[[String]: Series]>

    init(name: String, help: String, type: MetricType, labelNames: [String], buckets: [Double] = [], make: @escaping @Sendable () -> Series) {
        self.name = name
        self.help = help
        self.type = type
        self.labelNames = labelNames
        self.buckets = buckets
        self.make = make
        // A family without labels has exactly one series, present from the start so it renders 0.
        self.series = Mutex(labelNames.isEmpty ? [[]: make()] : [:])
    }

    /// The series for these label values, in the order of `labelNames`.
    /// Passing the wrong number of values is a programming error (the label
    /// names are fixed in code), and stops the process with a message naming the family.
    public func labels(_ values: String...) -> Series { labels(values) }

    /// The series for these label values, in the order of `labelNames`.
    public func labels(_ values: [String]) -> Series {
        precondition(
            values.count == labelNames.count,
            "metric \(name) takes \(labelNames.count) label values (\(labelNames.joined(separator: ", "))), got \(values.count)")
        return series.withLock { table in
            if let existing = table[values] { return existing }
            let created = make()
            table[values] = created
            return created
        }
    }

    /// Every series made so far with its label values (reading makes none).
    public var existing: [(values: [String], series: Series)] { snapshot() }

    /// Every series made so far with its label values, sorted by label values.
    func snapshot() -> [(values: [String], series: Series)] {
        series.withLock { table in table.map { (values: $0.key, series: $0.value) } }
            .sorted { $0.values.lexicographicallyPrecedes($1.values) }
    }
}

/// Counters by label values: `requests.labels("github", "202").increment()`.
public typealias CounterFamily = MetricFamily<Counter>
/// Gauges by label values.
public typealias GaugeFamily = MetricFamily<Gauge>
/// Histograms by label values.
public typealias HistogramFamily = MetricFamily<Histogram>

extension MetricFamily: RenderableFamily where Series: MetricSeries {
    func render(into out: inout String) {
        appendHeader(to: &out)
        for entry in snapshot() {
            let pairs = zip(labelNames, entry.values).map { (name: $0, value: $1) }
            entry.series.appendSamples(family: name, labels: pairs, to: &out)
        }
    }
}
