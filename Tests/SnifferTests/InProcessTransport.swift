import Synchronization
import HTTP
import Outbound
import SnifferSim

/// An `HTTPTransport` that hands each request straight to an `HTTPHandler`
/// (no sockets): an `.abort` answer becomes a `connectionReset` failure, as
/// a real transport sees a dropped connection.
struct InProcessTransport: HTTPTransport {
    let handler: any HTTPHandler

    func send(_ request: OutboundRequest) async -> Result<OutboundResponse, TransportFailure> {
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
        let response: HTTPResponse = await withCheckedContinuation { continuation in
            handler.handle(inbound, responder: HTTPResponder { continuation.resume(returning: $0) })
        }
        if response.abortConnection { return .failure(TransportFailure(.connectionReset, "connection reset by peer")) }
        return .success(OutboundResponse(
            status: response.status, headers: response.headers.fields.map { (name: $0.name, value: $0.value) },
            body: response.body, duration: ContinuousClock.now - started))
    }
}

/// A transport that answers from a script and keeps what it was sent.
final class ScriptedTransport: HTTPTransport, Sendable {
    private let state: Mutex<(script: [Result<OutboundResponse, TransportFailure>], sent: [OutboundRequest])>

    init(_ script: [Result<OutboundResponse, TransportFailure>]) {
        state = Mutex((script, []))
    }

    var sent: [OutboundRequest] { state.withLock { $0.sent } }

    func send(_ request: OutboundRequest) async -> Result<OutboundResponse, TransportFailure> {
        state.withLock { state in
            state.sent.append(request)
            guard !state.script.isEmpty else { return .failure(TransportFailure(.other, "script exhausted")) }
            return state.script.removeFirst()
        }
    }
}
