import Foundation
import Outbound

/// The Sniffer client's transport, timed: each call's latency goes to
/// `sniffer_bridge_sniffer_request_duration_seconds{endpoint}`, where the
/// endpoint is the method and path with ids replaced (`PATCH /bug/:id`), so
/// the label set stays small.
package struct MeteredTransport: HTTPTransport {
    package init(inner: any HTTPTransport, metrics: DeliveryMetrics, baseURL: String) {
        self.inner = inner
        self.metrics = metrics
        self.baseURL = baseURL
    }

    let inner: any HTTPTransport
    let metrics: DeliveryMetrics
    /// `[sniffer].base_url`: stripped first, so a path prefix such as `/api/v1` is not mistaken for ids.
    let baseURL: String

    package func send(_ request: OutboundRequest) async -> Result<OutboundResponse, TransportFailure> {
        let started = ContinuousClock.now
        let result = await inner.send(request)
        metrics.snifferDuration.labels(Self.endpoint(method: request.method, url: request.url, baseURL: baseURL))
            .observe(ContinuousClock.now - started)
        return result
    }

    /// `GET /bugs/by-integration-key` from `GET http://host/api/bugs/by-integration-key?key=...`
    /// (base URL `http://host/api`): the query is dropped and a segment holding a digit (an id) becomes `:id`.
    package static func endpoint(method: String, url: String, baseURL: String) -> String {
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        var path = Substring(url)
        if !base.isEmpty, path.hasPrefix(base) {
            path = path.dropFirst(base.count)
        } else if let scheme = path.range(of: "://") {
            path = path[scheme.upperBound...]
            path = path.firstIndex(of: "/").map { path[$0...] } ?? "/"
        }
        if let query = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<query] }
        let segments = path.split(separator: "/").map { segment in
            segment.contains(where: \.isNumber) ? ":id" : String(segment)
        }
        return method + " /" + segments.joined(separator: "/")
    }
}
