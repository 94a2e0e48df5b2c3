import Synchronization

/// One sample a callback gauge reports at render time.
public struct GaugeSample: Sendable, Hashable {
    /// Label values in the order of the family's label names.
    public var labelValues: [String]
    /// The gauge's value.
    public var value: Double

    /// A sample; no label values for a family without labels.
    public init(labelValues: [String] = [], value: Double) {
        self.labelValues = labelValues
        self.value = value
    }
}

/// A gauge family whose samples are computed when `/metrics` is rendered,
/// e.g. the outbox depth by state read from the store. The callback runs
/// outside the registry's lock, on the rendering thread, so it may take its
/// own locks; it should be quick. Samples with the wrong number of label
/// values are dropped, and of two samples with the same label values the
/// first wins, so the output stays valid whatever the callback returns.
final class CallbackGaugeFamily: RenderableFamily {
    let name: String
    let help: String
    let labelNames: [String]
    var type: MetricType { .gauge }
    var buckets: [Double] { [] }
    private let read: Mutex<@Sendable () -> [GaugeSample]>

    init(name: String, help: String, labelNames: [String], read: @escaping @Sendable () -> [GaugeSample]) {
        self.name = name
        self.help = help
        self.labelNames = labelNames
        self.read = Mutex(read)
    }

    /// Replaces the callback (a reload that opened a new store, say).
    func replace(_ newRead: @escaping @Sendable () -> [GaugeSample]) {
        read.withLock { $0 = newRead }
    }

    func render(into out: inout String) {
        let callback = read.withLock { $0 }
        var seen = Set<[String]>()
        let samples = callback()
            .filter { $0.labelValues.count == labelNames.count && seen.insert($0.labelValues).inserted }
            .sorted { $0.labelValues.lexicographicallyPrecedes($1.labelValues) }
        appendHeader(to: &out)
        for sample in samples {
            out += name
            out += PrometheusText.labelSet(zip(labelNames, sample.labelValues).map { (name: $0, value: $1) })
            out += " "
            out += PrometheusText.format(sample.value)
            out += "\n"
        }
    }
}
