import Store
import Telemetry

/// The trace of one webhook: the sender's `traceparent` continued, or a new
/// trace. The ingest span is this request's; the rule evaluation and the
/// store commit are its children, and so is every delivery attempt of the
/// actions it records (they carry its `traceparent`).
package struct IngestTrace: Sendable {
    /// The ingest span.
    package let span: TraceContext
    /// The sender's span, when it sent a valid `traceparent`.
    package let parent: SpanID?
    /// When the request was taken up, in nanoseconds since 1970.
    package let startNanos: UInt64

    /// The trace of a request with `headers`, begun at `startNanos`.
    package init(headers kept: [HeaderField], startNanos: UInt64) {
        let inbound = Self.context(in: kept)
        span = inbound?.child() ?? TraceContext.root()
        parent = inbound?.spanID
        self.startNanos = startNanos
    }

    /// `kept` as it is stored: with the sender's valid `traceparent`, or,
    /// without one, with this trace's (an invalid one and its `tracestate`
    /// are replaced, as Trace Context asks of a receiver that restarts the
    /// trace), so that every stored event names its trace.
    package func stored(_ kept: [HeaderField]) -> [HeaderField] {
        guard parent == nil else { return kept }
        return kept.filter { !Self.isTraceHeader($0.name) } + [HeaderField("traceparent", span.traceparent)]
    }

    /// The valid `traceparent` among `headers`, if any (a stored event's, for the dispatcher).
    package static func context(in headers: [HeaderField]) -> TraceContext? {
        let values = headers.filter { $0.name.lowercased() == "traceparent" }
        // Two `traceparent` fields make it ambiguous: Trace Context treats that as none.
        guard values.count == 1, let value = values.first?.value else { return nil }
        return TraceContext(traceparent: value)
    }

    private static func isTraceHeader(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower == "traceparent" || lower == "tracestate"
    }

    /// A finished span of this trace: the ingest itself (`context` is
    /// `span`), or a child of it.
    package func span(
        _ name: String, context: TraceContext, kind: Span.Kind = .internal, from start: UInt64, to end: UInt64,
        attributes: [(key: String, value: String)], error: String? = nil
    ) -> Span {
        Span(
            context: context, parentSpanID: context == span ? parent : span.spanID, name: name, kind: kind,
            startNanos: start, endNanos: end, attributes: attributes, error: error)
    }
}
