import Foundation
import Outbound
import Telemetry

/// A target client's transport, timed: each call's latency goes to the
/// target's histogram (`sniffer_bridge_sniffer_request_duration_seconds`,
/// `sniffer_bridge_snipeit_request_duration_seconds`) by endpoint: the
/// method and path with ids replaced (`PATCH /bug/:id`,
/// `GET /hardware/bytag/:tag`), so the label set stays small.
package struct MeteredTransport: HTTPTransport {
    package init(inner: any HTTPTransport, metrics: DeliveryMetrics, target: DeliveryTarget, baseURL: String) {
        self.inner = inner
        self.histogram = metrics.requestDuration(of: target)
        self.baseURL = baseURL
    }

    let inner: any HTTPTransport
    let histogram: HistogramFamily
    /// The API's base (`[sniffer].base_url`, Snipe-IT's `/api/v1`): stripped
    /// first, so a path prefix such as `/api/v1` is not mistaken for ids.
    let baseURL: String

    package func send(_ request: OutboundRequest) async -> Result<OutboundResponse, TransportFailure> {
        let started = ContinuousClock.now
        let result = await inner.send(request)
        histogram.labels(Self.endpoint(method: request.method, url: request.url, baseURL: baseURL))
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
        // A segment after `bytag` or `byserial` is an asset's tag or serial,
        // with or without digits.
        var segments: [String] = []
        for segment in path.split(separator: "/") {
            switch segments.last {
            case "bytag": segments.append(":tag")
            case "byserial": segments.append(":serial")
            default: segments.append(segment.contains(where: \.isNumber) ? ":id" : String(segment))
            }
        }
        return method + " /" + segments.joined(separator: "/")
    }
}
