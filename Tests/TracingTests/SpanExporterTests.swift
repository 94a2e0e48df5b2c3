import JSON
import Outbound
import Synchronization
import Telemetry
import TestSupport
import Testing

@testable import Tracing

/// A collector stand-in: records each request and answers with `status`.
final class RecordingCollector: HTTPTransport {
    private let state = Mutex<(requests: [OutboundRequest], status: Int)>(([], 200))

    init(status: Int = 200) { state.withLock { $0.status = status } }

    func send(_ request: OutboundRequest) async -> Result<OutboundResponse, TransportFailure> {
        let status = state.withLock { state in
            state.requests.append(request)
            return state.status
        }
        return .success(OutboundResponse(status: status))
    }

    var requests: [OutboundRequest] { state.withLock { $0.requests } }

    /// Answers `status` from now on.
    func answer(_ status: Int) { state.withLock { $0.status = status } }

    /// Every span of every request, as JSON objects.
    func spans() throws -> [JSON] {
        try requests.flatMap { request -> [JSON] in
            let body = try JSON(parsing: request.body)
            let resource = body["resourceSpans"]?[0]
            return resource?["scopeSpans"]?[0]?["spans"]?.arrayValue ?? []
        }
    }
}

@Suite struct SpanExporterTests {
    static func span(_ name: String, parent: TraceContext? = nil, error: String? = nil) -> Span {
        let context = parent?.child() ?? TraceContext.root()
        return Span(
            context: context, parentSpanID: parent?.spanID, name: name, kind: .server, startNanos: 1_700_000_000_000_000_001,
            endNanos: 1_700_000_000_000_500_000, attributes: [("webhook.source", "github")], error: error)
    }

    @Test func encodesSpansAsOTLPJSON() throws {
        let root = TraceContext.root()
        let child = Self.span("store commit", parent: root, error: "disk full")
        let request = OTLPEncoding.request([child], serviceName: "gateway-a")
        let resource = try #require(request["resourceSpans"]?[0])
        #expect(resource["resource"]?["attributes"]?[0]?["key"]?.stringValue == "service.name")
        #expect(resource["resource"]?["attributes"]?[0]?["value"]?["stringValue"]?.stringValue == "gateway-a")
        let span = try #require(resource["scopeSpans"]?[0]?["spans"]?[0])
        #expect(span["traceId"]?.stringValue == root.traceID.hex)
        #expect(span["spanId"]?.stringValue == child.context.spanID.hex)
        #expect(span["parentSpanId"]?.stringValue == root.spanID.hex)
        #expect(span["name"]?.stringValue == "store commit")
        #expect(span["kind"]?.intValue == 2)
        #expect(span["startTimeUnixNano"]?.stringValue == "1700000000000000001")
        #expect(span["endTimeUnixNano"]?.stringValue == "1700000000000500000")
        #expect(span["attributes"]?[0]?["value"]?["stringValue"]?.stringValue == "github")
        #expect(span["status"]?["code"]?.intValue == 2)
        #expect(span["status"]?["message"]?.stringValue == "disk full")
        let rootSpan = OTLPEncoding.span(Self.span("ingest"))
        #expect(rootSpan["parentSpanId"] == nil)
        #expect(rootSpan["status"]?["code"]?.intValue == 1)
    }

    @Test func sendsAFullBatchAtOnceAndTheRestWhenStopped() async throws {
        let collector = RecordingCollector()
        var configuration = SpanExporter.Configuration(endpoint: "http://collector.test/v1/traces")
        configuration.batchSize = 3
        configuration.flushInterval = .seconds(3_600)
        let registry = MetricsRegistry()
        let exporter = try SpanExporter(
            configuration: configuration, transport: collector, registry: registry, logger: Self.logger)
        let running = Task { await exporter.run() }
        for index in 0..<4 { exporter.record(Self.span("span \(index)")) }
        try await waitUntil("the collector receives a batch") { collector.requests.count == 1 }
        #expect(try collector.spans().count == 3)
        exporter.stop()
        await running.value
        #expect(collector.requests.count == 2)
        #expect(try collector.spans().map { $0["name"]?.stringValue } == ["span 0", "span 1", "span 2", "span 3"])
        let request = try #require(collector.requests.first)
        #expect(request.method == "POST")
        #expect(request.url == "http://collector.test/v1/traces")
        #expect(request.headers.contains { $0.name == "Content-Type" && $0.value == "application/json" })
        #expect(registry.render().contains("sniffer_bridge_trace_spans_exported_total 4"))
    }

    @Test func aPartialBatchGoesOutAfterTheFlushInterval() async throws {
        let collector = RecordingCollector()
        var configuration = SpanExporter.Configuration(endpoint: "http://collector.test/v1/traces")
        configuration.flushInterval = .milliseconds(20)
        let exporter = try SpanExporter(configuration: configuration, transport: collector, logger: Self.logger)
        let running = Task { await exporter.run() }
        exporter.record(Self.span("alone"))
        try await waitUntil("the collector receives a batch") { collector.requests.count == 1 }
        exporter.stop()
        await running.value
    }

    @Test func aFullQueueDropsAndCountsInsteadOfWaiting() async throws {
        let collector = RecordingCollector()
        var configuration = SpanExporter.Configuration(endpoint: "http://collector.test/v1/traces")
        configuration.queueLimit = 2
        configuration.batchSize = 10
        configuration.flushInterval = .seconds(3_600)
        let registry = MetricsRegistry()
        let exporter = try SpanExporter(
            configuration: configuration, transport: collector, registry: registry, logger: Self.logger)
        // Not running: nothing drains the queue, and `record` still returns at once.
        for index in 0..<5 { exporter.record(Self.span("span \(index)")) }
        #expect(registry.render().contains("sniffer_bridge_trace_spans_dropped_total{reason=\"queue_full\"} 3"))
        let running = Task { await exporter.run() }
        exporter.stop()
        await running.value
        #expect(try collector.spans().count == 2)
    }

    @Test func aBatchTheCollectorRefusesIsDroppedAndCountedAndLoggedOncePerOutage() async throws {
        let collector = RecordingCollector(status: 503)
        var configuration = SpanExporter.Configuration(endpoint: "http://collector.test/v1/traces")
        configuration.flushInterval = .seconds(3_600)
        configuration.batchSize = 1
        let registry = MetricsRegistry()
        let logs = InMemoryLogHandler()
        let exporter = try SpanExporter(
            configuration: configuration, transport: collector, registry: registry,
            logger: Logger(label: "test", handler: logs))
        let running = Task { await exporter.run() }
        exporter.record(Self.span("one"))
        try await waitUntil("the first batch is refused") { collector.requests.count == 1 }
        exporter.record(Self.span("two"))
        try await waitUntil("the second batch is refused") { collector.requests.count == 2 }
        #expect(registry.render().contains("sniffer_bridge_trace_spans_dropped_total{reason=\"export_failed\"} 2"))
        // One line for the run of failures, not one per batch.
        #expect(logs.records.filter { $0.message.hasPrefix("Spans not exported") }.count == 1)
        collector.answer(200)
        exporter.record(Self.span("three"))
        exporter.stop()
        await running.value
        let recovered = try #require(logs.records.first { $0.message == "Spans exported again" })
        #expect(recovered.metadata["dropped_spans"]?.description == "2")
    }

    @Test func unsampledSpansAreNotExported() async throws {
        let collector = RecordingCollector()
        let configuration = SpanExporter.Configuration(endpoint: "http://collector.test/v1/traces")
        let exporter = try SpanExporter(configuration: configuration, transport: collector, logger: Self.logger)
        let running = Task { await exporter.run() }
        let unsampled = try #require(TraceContext(traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"))
        exporter.record(Self.span("not sampled", parent: unsampled))
        exporter.stop()
        await running.value
        #expect(collector.requests.isEmpty)
    }

    static var logger: Logger { Logger(label: "test", handler: InMemoryLogHandler()) }
}
