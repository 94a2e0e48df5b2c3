import Outbound
import Telemetry

/// A target's transport that tells the target which trace a request belongs
/// to: each request made within a delivery attempt carries the attempt's
/// `traceparent` (W3C Trace Context), so the target's own spans hang under it.
/// Outside an attempt, requests go out as they are.
package struct TracePropagatingTransport: HTTPTransport {
    let inner: any HTTPTransport

    package init(inner: any HTTPTransport) {
        self.inner = inner
    }

    package func send(_ request: OutboundRequest) async -> Result<OutboundResponse, TransportFailure> {
        guard let context = TraceContext.current else { return await inner.send(request) }
        var request = request
        request.headers.removeAll { $0.name.lowercased() == "traceparent" || $0.name.lowercased() == "tracestate" }
        request.headers.append((name: "traceparent", value: context.traceparent))
        return await inner.send(request)
    }
}
