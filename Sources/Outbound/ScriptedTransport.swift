import Synchronization

/// An `HTTPTransport` that answers from a script instead of the network, for
/// tests of the code above it (the Sniffer client, the deliverer). It records
/// every request it is sent.
public final class ScriptedTransport: HTTPTransport, Sendable {
    /// Computes an answer from the request, once the queued answers run out.
    public typealias Responder = @Sendable (OutboundRequest) -> Result<OutboundResponse, TransportFailure>

    private struct State {
        var queued: [Result<OutboundResponse, TransportFailure>]
        var requests: [OutboundRequest] = []
    }

    private let state: Mutex<State>
    private let fallback: Responder?

    /// Answers with `results` in order, then with `fallback`, then with an
    /// `other` failure ("script exhausted").
    public init(_ results: [Result<OutboundResponse, TransportFailure>] = [], fallback: Responder? = nil) {
        state = Mutex(State(queued: results))
        self.fallback = fallback
    }

    /// Appends answers to the script.
    public func enqueue(_ results: Result<OutboundResponse, TransportFailure>...) {
        state.withLock { $0.queued.append(contentsOf: results) }
    }

    /// Every request sent so far, in order.
    public var requests: [OutboundRequest] {
        state.withLock { $0.requests }
    }

    public func send(_ request: OutboundRequest) async -> Result<OutboundResponse, TransportFailure> {
        let next: Result<OutboundResponse, TransportFailure>? = state.withLock { state in
            state.requests.append(request)
            return state.queued.isEmpty ? nil : state.queued.removeFirst()
        }
        if let next { return next }
        if let fallback { return fallback(request) }
        return .failure(TransportFailure(.other, "script exhausted"))
    }
}
