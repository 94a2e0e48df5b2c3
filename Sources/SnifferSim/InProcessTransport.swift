import HTTP
import Outbound

/// An `HTTPTransport` that hands each request straight to an `HTTPHandler`
/// (no sockets), such as the simulator: a client under test talks to it as
/// to a server. An `.abort` answer becomes a `connectionReset` failure, as a
/// real transport sees a dropped connection.
public struct InProcessTransport: HTTPTransport {
    public let handler: any HTTPHandler

    public init(handler: any HTTPHandler) {
        self.handler = handler
    }

    public func send(_ request: OutboundRequest) async -> Result<OutboundResponse, TransportFailure> {
        // "http://host:port/path?query" -> "/path?query"
        var target = request.url
        if let scheme = target.range(of: "://") {
            let rest = target[scheme.upperBound...]
            target = rest.firstIndex(of: "/").map { String(rest[$0...]) } ?? "/"
        }
        var headers = HTTPHeaders()
        for field in request.headers { headers.add(field.name, field.value) }
        let inbound = HTTPRequest(method: request.method, target: target, headers: headers, body: request.body)
        let started = ContinuousClock.now
        let response = await handler.response(to: inbound)
        if response.abortConnection { return .failure(TransportFailure(.connectionReset, "connection reset by peer")) }
        return .success(OutboundResponse(
            status: response.status, headers: response.headers.fields.map { (name: $0.name, value: $0.value) },
            body: response.body, duration: ContinuousClock.now - started))
    }
}
