import Outbound
import Synchronization

/// A transport in front of the simulator that can be down (every request is
/// refused, as by a stopped server) and can park the next request until the
/// test lets it go, to look at the gateway while a request is out. It
/// counts every request it is sent, refused or not.
final class OutageTransport: HTTPTransport {
    private struct State {
        var down = true
        var requests = 0
        var parkNext = false
        var parked: CheckedContinuation<Void, Never>?
        /// `release()` came before the parked request did.
        var releasedEarly = false
    }

    private let inner: any HTTPTransport
    private let state = Mutex(State())

    init(_ inner: any HTTPTransport) { self.inner = inner }

    /// Requests sent so far.
    var requests: Int { state.withLock { $0.requests } }

    /// Whether a request is parked now.
    var isParked: Bool { state.withLock { $0.parked != nil } }

    func setDown(_ down: Bool) { state.withLock { $0.down = down } }

    /// The next request waits in `send` until `release()`.
    func parkNextRequest() { state.withLock { $0.parkNext = true } }

    func release() {
        let parked = state.withLock { state -> CheckedContinuation<Void, Never>? in
            defer { state.parked = nil }
            if state.parked == nil { state.releasedEarly = true }
            return state.parked
        }
        parked?.resume()
    }

    func send(_ request: OutboundRequest) async -> Result<OutboundResponse, TransportFailure> {
        let park = state.withLock { state -> Bool in
            state.requests += 1
            defer { state.parkNext = false }
            return state.parkNext
        }
        if park {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.releasedEarly {
                        state.releasedEarly = false
                        return true
                    }
                    state.parked = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
        if state.withLock({ $0.down }) { return .failure(TransportFailure(.connectionRefused, "connection refused")) }
        return await inner.send(request)
    }
}
