import Foundation
import Synchronization

/// One finished span: a named, timed piece of the pipeline's work (ingest,
/// store commit, rule evaluation, a delivery attempt) within a trace.
public struct Span: Sendable {
    /// Its trace and its own id.
    public var context: TraceContext
    /// The span it is part of; `nil` for a trace's first span.
    public var parentSpanID: SpanID?
    public var name: String
    public var kind: Kind
    /// Wall-clock start and end, in nanoseconds since 1970 (OTLP's unit).
    public var startNanos: UInt64
    public var endNanos: UInt64
    public var attributes: [(key: String, value: String)]
    /// Set when the work failed: a short, secret-free reason.
    public var error: String?

    public init(
        context: TraceContext, parentSpanID: SpanID?, name: String, kind: Kind, startNanos: UInt64, endNanos: UInt64,
        attributes: [(key: String, value: String)] = [], error: String? = nil
    ) {
        self.context = context
        self.parentSpanID = parentSpanID
        self.name = name
        self.kind = kind
        self.startNanos = startNanos
        self.endNanos = endNanos
        self.attributes = attributes
        self.error = error
    }

    /// OpenTelemetry's span kinds, by their OTLP numbers.
    public enum Kind: Int, Sendable {
        case `internal` = 1, server = 2, client = 3
    }

    /// Now, in nanoseconds since 1970.
    public static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}

/// Where finished spans go. `record` must never block or fail the caller:
/// an exporter that cannot keep up drops spans and counts them.
public protocol SpanSink: Sendable {
    func record(_ span: Span)
}

/// Keeps the spans it is given, for tests.
public final class InMemorySpanSink: SpanSink {
    private let spans = Mutex<[Span]>([])

    public init() {}

    public func record(_ span: Span) {
        spans.withLock { $0.append(span) }
    }

    /// Every span recorded so far, in order.
    public var recorded: [Span] { spans.withLock { $0 } }
}

extension TraceContext {
    /// The context of the delivery attempt or call in progress: outbound
    /// requests made within it carry it as their `traceparent`.
    @TaskLocal public static var current: TraceContext?
}
