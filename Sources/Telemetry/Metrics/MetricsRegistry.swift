import Synchronization

/// Every metric family of the process, registered once at start-up and
/// rendered as Prometheus text (exposition format 0.0.4) for `GET /metrics`.
///
/// ```swift
/// let requests = try registry.counter("sniffer_bridge_requests_total",
///     help: "Webhook requests by source and HTTP status.", labelNames: ["source", "status"])
/// requests.labels("github", "202").increment()
/// ```
///
/// Registering the same name again with the same definition returns the
/// existing family; a different definition throws. Families render sorted by
/// name, series sorted by label values, so the output is stable.
public final class MetricsRegistry: Sendable {
    private let families = Mutex<[String: any RenderableFamily]>([:])

    /// An empty registry.
    public init() {}

    /// A counter family. The name must end in `_total`.
    public func counter(_ name: String, help: String, labelNames: [String] = []) throws(MetricsError) -> CounterFamily {
        guard name.hasSuffix("_total") else {
            throw MetricsError(.counterNameWithoutTotal, "counter \(name) must end in _total (Prometheus naming convention)")
        }
        return try register(CounterFamily(name: name, help: help, type: .counter, labelNames: labelNames) { Counter() })
    }

    /// A gauge family.
    public func gauge(_ name: String, help: String, labelNames: [String] = []) throws(MetricsError) -> GaugeFamily {
        try register(GaugeFamily(name: name, help: help, type: .gauge, labelNames: labelNames) { Gauge() })
    }

    /// A histogram family with `buckets` as upper bounds (strictly
    /// increasing, finite; `+Inf` is added). Durations go in seconds.
    public func histogram(
        _ name: String, help: String, labelNames: [String] = [], buckets: [Double] = Histogram.defaultBuckets
    ) throws(MetricsError) -> HistogramFamily {
        if let problem = Histogram.validate(buckets) {
            throw MetricsError(.invalidBuckets, "histogram \(name) \(problem)")
        }
        if labelNames.contains("le") {
            throw MetricsError(.reservedLabelName, "histogram \(name) cannot have a label named le (it names the bucket)")
        }
        let bounds = buckets.last == .infinity ? Array(buckets.dropLast()) : buckets
        return try register(
            HistogramFamily(name: name, help: help, type: .histogram, labelNames: labelNames, buckets: bounds) {
                Histogram(upperBounds: bounds)
            })
    }

    /// A gauge family computed at render time by `read`. Registering the same
    /// name and labels again replaces the callback.
    public func callbackGauge(
        _ name: String, help: String, labelNames: [String] = [], read: @escaping @Sendable () -> [GaugeSample]
    ) throws(MetricsError) {
        let family = try register(CallbackGaugeFamily(name: name, help: help, labelNames: labelNames, read: read))
        family.replace(read)
    }

    /// The conventional `<name>` gauge with value 1 whose labels describe the
    /// build (version, commit, Swift version, ...), sorted by label name.
    public func buildInfo(
        _ name: String = "sniffer_bridge_build_info", help: String = "Build information; the value is always 1.",
        labels: [String: String]
    ) throws(MetricsError) {
        let names = labels.keys.sorted()
        let values = names.map { labels[$0] ?? "" }
        let family = try gauge(name, help: help, labelNames: names)
        family.labels(values).set(1)
    }

    /// Every family in the text exposition format 0.0.4, ending in a newline
    /// (empty when nothing is registered).
    public func render() -> String {
        let ordered = families.withLock { Array($0.values) }.sorted { $0.name < $1.name }
        var out = ""
        for family in ordered { family.render(into: &out) }
        return out
    }

    /// The names of the registered families, sorted.
    public var familyNames: [String] { families.withLock { $0.keys.sorted() } }

    private func register<F: RenderableFamily>(_ family: F) throws(MetricsError) -> F {
        try validate(family)
        let result: Result<F, MetricsError> = families.withLock { table in
            if let existing = table[family.name] {
                guard let same = existing as? F, existing.type == family.type, existing.help == family.help,
                    existing.labelNames == family.labelNames, existing.buckets == family.buckets
                else {
                    return .failure(
                        MetricsError(.conflictingRegistration, "metric \(family.name) is already registered with a different definition"))
                }
                return .success(same)
            }
            // Series names must not collide either: a histogram `x` owns `x_bucket`, `x_sum` and `x_count`.
            let newNames = Set(family.sampleNames)
            if let clash = table.values.first(where: { !newNames.isDisjoint(with: $0.sampleNames) }) {
                return .failure(
                    MetricsError(.conflictingRegistration, "metric \(family.name) collides with the series names of \(clash.name)"))
            }
            table[family.name] = family
            return .success(family)
        }
        return try result.get()
    }

    private func validate(_ family: some RenderableFamily) throws(MetricsError) {
        guard PrometheusText.isValidMetricName(family.name) else {
            throw MetricsError(.invalidMetricName, "metric name \"\(family.name)\" does not match [a-zA-Z_:][a-zA-Z0-9_:]*")
        }
        var seen = Set<String>()
        for label in family.labelNames {
            guard PrometheusText.isValidLabelName(label) else {
                throw MetricsError(
                    .invalidLabelName, "metric \(family.name): label name \"\(label)\" does not match [a-zA-Z_][a-zA-Z0-9_]* or starts with __")
            }
            guard seen.insert(label).inserted else {
                throw MetricsError(.duplicateLabelName, "metric \(family.name): label name \(label) appears twice")
            }
        }
    }
}
