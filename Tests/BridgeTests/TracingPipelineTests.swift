import Bridge
import Foundation
import HTTP
import JSON
import Outbound
import SnifferSim
import Store
import Telemetry
import TestSupport
import Testing

/// Traces across the pipeline, against a loopback OTLP collector: the
/// sender's `traceparent` is continued, ingest, rule evaluation, store
/// commit and each delivery attempt are spans with the right parents, the
/// Sniffer call carries the attempt's `traceparent`, and log lines name the trace.
@Suite(.serialized) struct TracingPipelineTests {
    static let senderTrace = "4bf92f3577b34da6a3ce929d0e0e4736"
    static let senderSpan = "00f067aa0ba902b7"

    /// A harness whose config exports spans to a collector of its own.
    static func harness() throws -> (PipelineHarness, SpanCollector, HTTPServer) {
        let harness = try PipelineHarness()
        let (collector, server, url) = try SpanCollector.start()
        let config = try String(contentsOfFile: harness.configPath, encoding: .utf8)
        try (config + "[tracing]\notlp_endpoint = \"\(url)\"\nflush_interval = \"20ms\"\nservice_name = \"bridge-under-test\"\n")
            .write(toFile: harness.configPath, atomically: true, encoding: .utf8)
        return (harness, collector, server)
    }

    func post(_ event: CIEvent, traceparent: String?, to gateway: Gateway, _ harness: PipelineHarness) async throws -> JSON? {
        let port = try #require(gateway.port)
        var headers: [(name: String, value: String)] = [
            ("Authorization", "Bearer \(PipelineHarness.ciToken)"), ("Content-Type", "application/json"),
        ]
        if let traceparent { headers.append(("traceparent", traceparent)) }
        let request = OutboundRequest(
            method: "POST", url: "http://127.0.0.1:\(port)/hooks/ci", headers: headers, body: event.body, timeout: .seconds(10))
        let response = try await harness.transport.send(request).get()
        #expect(response.status == 202)
        return try JSON(parsing: response.body)
    }

    @Test func theSendersTraceIsContinuedThroughIngestAndDeliveryIntoSniffer() async throws {
        let (harness, collector, server) = try Self.harness()
        defer { server.stop() }
        let gateway = try await harness.startGateway()
        let answer = try await post(
            CIEvent(key: 1, run: 1), traceparent: "00-\(Self.senderTrace)-\(Self.senderSpan)-01", to: gateway, harness)
        try await harness.drain(gateway)
        try await waitUntil("the collector has the delivery's span") { !collector.spans(named: "delivery attempt").isEmpty }
        let id = try #require(answer?["id"]?.intValue)
        let stored = try #require(try await gateway.store.event(id: id))
        await gateway.stop()

        let spans = collector.spans
        #expect(spans.allSatisfy { $0["traceId"]?.stringValue == Self.senderTrace })
        let ingest = try #require(collector.spans(named: "ingest").first)
        #expect(ingest["parentSpanId"]?.stringValue == Self.senderSpan)
        #expect(ingest["kind"]?.intValue == 2)
        let ingestID = try #require(ingest["spanId"]?.stringValue)
        for name in ["rule evaluation", "store commit", "delivery attempt"] {
            let span = try #require(collector.spans(named: name).first, "no \(name) span")
            #expect(span["parentSpanId"]?.stringValue == ingestID, "\(name) is not a child of the ingest")
            #expect(span["spanId"]?.stringValue != ingestID)
        }
        let attempt = try #require(collector.spans(named: "delivery attempt").first)
        let attemptID = try #require(attempt["spanId"]?.stringValue)

        // Every request to Sniffer within the attempt names it as the parent.
        let calls = harness.simulator.receivedRequests.filter { !$0.target.hasPrefix("/_sim") }
        try #require(!calls.isEmpty)
        for call in calls {
            let header = try #require(call.headers["traceparent"], "\(call.method) \(call.target) has no traceparent")
            let context = try #require(TraceContext(traceparent: header))
            #expect(context.traceID.hex == Self.senderTrace)
            #expect(context.spanID.hex == attemptID)
        }

        // The event keeps the sender's traceparent, and the logs name the trace.
        #expect(stored.headers.contains { $0.name.lowercased() == "traceparent" && $0.value.contains(Self.senderTrace) })
        for message in ["Event stored", "Rule matched", "Delivered"] {
            let record = try #require(harness.logs.records.first { $0.message == message }, "no '\(message)' line")
            #expect(record.metadata[LogKey.traceID]?.description == Self.senderTrace, "'\(message)' has no trace_id")
        }
    }

    @Test func withoutATraceparentANewTraceStartsAndIsStoredWithTheEvent() async throws {
        let (harness, collector, server) = try Self.harness()
        defer { server.stop() }
        let gateway = try await harness.startGateway()
        let answer = try await post(
            CIEvent(key: 2, run: 1), traceparent: "00-not-a-valid-traceparent", to: gateway, harness)
        try await harness.drain(gateway)
        try await waitUntil("the collector has the delivery's span") { !collector.spans(named: "delivery attempt").isEmpty }
        let id = try #require(answer?["id"]?.intValue)
        let stored = try #require(try await gateway.store.event(id: id))
        await gateway.stop()

        let ingest = try #require(collector.spans(named: "ingest").first)
        #expect(ingest["parentSpanId"] == nil)
        let trace = try #require(ingest["traceId"]?.stringValue)
        #expect(trace != Self.senderTrace)
        let kept = stored.headers.filter { $0.name.lowercased() == "traceparent" }
        #expect(kept.count == 1)
        #expect(kept.first.flatMap { TraceContext(traceparent: $0.value) }?.traceID.hex == trace)
        let attempt = try #require(collector.spans(named: "delivery attempt").first)
        #expect(attempt["traceId"]?.stringValue == trace)
        #expect(attempt["parentSpanId"]?.stringValue == ingest["spanId"]?.stringValue)
    }

    @Test func aCollectorThatIsDownCostsTheEventsNothing() async throws {
        let harness = try PipelineHarness()
        let config = try String(contentsOfFile: harness.configPath, encoding: .utf8)
        // A port nothing listens on: every export fails, and is counted.
        try (config + "[tracing]\notlp_endpoint = \"http://127.0.0.1:9/v1/traces\"\nflush_interval = \"10ms\"\n")
            .write(toFile: harness.configPath, atomically: true, encoding: .utf8)
        let gateway = try await harness.startGateway()
        for run in 1...5 {
            _ = try await post(CIEvent(key: 3, run: run), traceparent: nil, to: gateway, harness)
        }
        try await harness.drain(gateway)
        try await waitUntil("failed exports are counted") {
            !gateway.metrics.registry.render().contains("sniffer_bridge_trace_spans_dropped_total{reason=\"export_failed\"} 0")
        }
        await gateway.stop()
        #expect(try await harness.inspector.bugs().count == 1)
        #expect(try await harness.inspector.comments().count == 4)
    }
}
