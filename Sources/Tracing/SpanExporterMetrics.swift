import Telemetry

/// The exporter's counters: spans the collector took, and spans dropped by why.
final class SpanExporterMetrics: Sendable {
    let exported: Counter
    let dropped: CounterFamily

    init(registry: MetricsRegistry) throws(MetricsError) {
        exported = try registry.counter(
            "sniffer_bridge_trace_spans_exported_total", help: "Spans the OTLP collector accepted.", labelNames: []
        ).labels()
        dropped = try registry.counter(
            "sniffer_bridge_trace_spans_dropped_total",
            help: "Spans dropped instead of exported: queue_full (the exporter was behind) or export_failed (the collector did not take the batch).",
            labelNames: ["reason"])
        for reason in ["queue_full", "export_failed"] { _ = dropped.labels(reason) }
    }
}
