/// One labelled series of a family (a `Counter`, `Gauge` or `Histogram`):
/// how it is made and how it writes its sample lines.
protocol MetricSeries: AnyObject, Sendable {
    static var metricType: MetricType { get }
    /// Appends this series' sample lines for family `family` with `labels`.
    func appendSamples(family: String, labels: [(name: String, value: String)], to out: inout String)
}

/// What the registry needs of any family to render it and to detect
/// conflicting registrations.
protocol RenderableFamily: AnyObject, Sendable {
    var name: String { get }
    var help: String { get }
    var type: MetricType { get }
    var labelNames: [String] { get }
    /// Histogram bucket bounds; empty for other types.
    var buckets: [Double] { get }
    /// Appends the `# HELP`, `# TYPE` and sample lines.
    func render(into out: inout String)
}

extension RenderableFamily {
    /// The names its sample lines use (`x_bucket`, `x_sum`, `x_count` for a histogram).
    var sampleNames: [String] {
        type == .histogram ? [name + "_bucket", name + "_sum", name + "_count", name] : [name]
    }

    func appendHeader(to out: inout String) {
        out += "# HELP "
        out += name
        out += " "
        out += PrometheusText.escapeHelp(help)
        out += "\n# TYPE "
        out += name
        out += " "
        out += type.rawValue
        out += "\n"
    }
}
