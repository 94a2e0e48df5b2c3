import Delivery
import Outbound
import Synchronization
import Telemetry
import Testing

/// The transport under both target clients: within a delivery attempt each
/// request carries the attempt's `traceparent`, replacing any the client set;
/// outside one, requests go out as they are.
@Suite struct TracePropagatingTransportTests {
    final class Recorder: HTTPTransport {
        private let sent = Mutex<[OutboundRequest]>([])
        func send(_ request: OutboundRequest) async -> Result<OutboundResponse, TransportFailure> {
            sent.withLock { $0.append(request) }
            return .success(OutboundResponse(status: 200))
        }
        var requests: [OutboundRequest] { sent.withLock { $0 } }
    }

    @Test func aRequestWithinAnAttemptCarriesItsTraceparent() async throws {
        let recorder = Recorder()
        let transport = TracePropagatingTransport(inner: recorder)
        let attempt = TraceContext.root()
        let request = OutboundRequest(
            method: "GET", url: "http://assets.test/api/v1/hardware/bytag/LAPTOP-1",
            headers: [("Traceparent", "00-11111111111111111111111111111111-2222222222222222-01"), ("tracestate", "x=1")])
        _ = await TraceContext.$current.withValue(attempt) { await transport.send(request) }
        _ = await transport.send(OutboundRequest(method: "GET", url: "http://assets.test/api/v1/statuslabels"))
        let sent = recorder.requests
        try #require(sent.count == 2)
        let traced = sent[0].headers.filter { ["traceparent", "tracestate"].contains($0.name.lowercased()) }
        #expect(traced.map(\.value) == [attempt.traceparent])
        #expect(!sent[1].headers.contains { $0.name.lowercased() == "traceparent" })
    }
}
