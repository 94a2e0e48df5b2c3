import Synchronization

/// What a `CurlTransport` shares with its loop thread: the submission queue
/// (under a `Mutex`), the multi handle (only `wakeup()` crosses threads), the
/// configuration and the counters.
///
/// Each caller's continuation is resumed exactly once, by exactly one owner:
/// `submit` while the queue refuses it, `cancel`/`shutdown` for what they take
/// out of the queue, and the loop thread for everything it drained.
final class CurlTransportCore: Sendable {
    struct Submission: Sendable {
        var id: UInt64
        var request: OutboundRequest
        var continuation: CurlEasy.Continuation
    }

    struct State: Sendable {
        var pending: [Submission] = []
        /// Ids whose callers cancelled after the loop took them (or before
        /// they were queued, in which case the loop drops the id).
        var cancelled: Set<UInt64> = []
        var isShutDown = false
    }

    let state = Mutex(State())
    let multi: CurlMulti
    let configuration: CurlTransport.Configuration
    let counters = TransportCounters()
    /// Cleared by the loop thread as it exits.
    let loopRunning = Atomic<Bool>(true)
    private let lastID = Atomic<UInt64>(0)

    static let shutDownFailure = TransportFailure(.other, "transport shut down")
    static let cancelledFailure = TransportFailure(.other, "request cancelled")

    init(multi: CurlMulti, configuration: CurlTransport.Configuration) {
        self.multi = multi
        self.configuration = configuration
    }

    func makeID() -> UInt64 {
        lastID.wrappingAdd(1, ordering: .relaxed).newValue
    }

    /// Queues a request for the loop thread, or fails it at once when the
    /// transport is shut down or the calling task is already cancelled.
    func submit(_ submission: Submission) {
        let refusal: TransportFailure? = state.withLock { state in
            if state.isShutDown { return Self.shutDownFailure }
            // Checked under the lock: a cancellation handler that ran before
            // this point has set the flag; one that runs after finds the
            // submission queued or in flight.
            if Task.isCancelled { return Self.cancelledFailure }
            state.pending.append(submission)
            return nil
        }
        if let refusal {
            finish(submission.continuation, .failure(refusal))
        } else {
            multi.wakeup()
        }
    }

    /// Fails request `id` with `cancelledFailure`, wherever it is.
    func cancel(_ id: UInt64) {
        let queued: Submission? = state.withLock { state in
            if let index = state.pending.firstIndex(where: { $0.id == id }) {
                return state.pending.remove(at: index)
            }
            if !state.isShutDown { state.cancelled.insert(id) }
            return nil
        }
        if let queued {
            finish(queued.continuation, .failure(Self.cancelledFailure))
        } else {
            multi.wakeup()
        }
    }

    /// Refuses new requests, fails queued ones here and asks the loop thread
    /// to fail those in flight and exit. Idempotent.
    func shutdown() {
        let queued: [Submission] = state.withLock { state in
            if state.isShutDown { return [] }
            state.isShutDown = true
            defer { state.pending.removeAll() }
            return state.pending
        }
        for submission in queued {
            finish(submission.continuation, .failure(Self.shutDownFailure))
        }
        multi.wakeup()
    }

    func finish(_ continuation: CurlEasy.Continuation, _ result: Result<OutboundResponse, TransportFailure>) {
        counters.record(result)
        continuation.resume(returning: result)
    }
}
