extension HTTPConnection {
    /// The life of one connection, apart from any I/O: which timeout applies,
    /// when to answer 408, when to close. Generic over the clock's instant so
    /// tests drive it with a manual clock; the event loop carries out the
    /// actions it returns.
    struct StateMachine<Instant: InstantProtocol>: Sendable
    where Instant.Duration == Duration, Instant: Sendable {
        struct Timeouts: Sendable, Equatable {
            /// From the first byte of a request (or the connection's accept) to
            /// the end of its head.
            var head: Duration
            /// Longest gap without body bytes while a body is expected.
            var bodyStall: Duration
            /// From the end of a head to the end of its body, however steadily
            /// the bytes come: a body sent a byte at a time is cut off too.
            var body: Duration
            /// Longest wait for the next request on a kept-alive connection.
            var idle: Duration
            /// Longest a response may wait for the peer to read it.
            var write: Duration
            /// How long a closing connection keeps reading (and discarding)
            /// after its last response, so the peer sees the answer and no RST.
            var linger: Duration

            init(head: Duration, bodyStall: Duration, body: Duration, idle: Duration, write: Duration, linger: Duration) {
                self.head = head
                self.bodyStall = bodyStall
                self.body = body
                self.idle = idle
                self.write = write
                self.linger = linger
            }
        }

        enum State: Sendable, Equatable {
            /// No byte of the next request yet (`fresh`: none of any request).
            case waiting(deadline: Instant, fresh: Bool)
            case readingHead(deadline: Instant)
            case readingBody(deadline: Instant)
            /// The handler is working on a request.
            case handling
            /// The last response is queued: close once it is written.
            case closing
            /// Written and half-closed: discard input until EOF or the deadline.
            case lingering(deadline: Instant)
            case closed
        }

        enum Action: Sendable, Equatable {
            case none
            /// Parse the bytes already buffered: the next pipelined request.
            case parseBuffered
            /// Answer 408 and close (the request started but did not finish).
            case timeoutResponse
            /// Shut down the write side and discard input until the deadline.
            case linger
            /// Close the socket now.
            case close
        }

        private(set) var state: State
        /// While a response cannot be written completely: the write deadline.
        private(set) var writeDeadline: Instant?
        /// The peer closed its side or a stop was requested: no more requests.
        private(set) var closeAfterResponse = false
        /// While a body is read: when it must be complete.
        private var bodyEnds: Instant?
        let timeouts: Timeouts

        init(now: Instant, timeouts: Timeouts) {
            self.timeouts = timeouts
            state = .waiting(deadline: now.advanced(by: timeouts.head), fresh: true)
        }

        /// Bytes arrived and were parsed without completing a request; `phase`
        /// is where the parser now stands.
        mutating func received(now: Instant, phase: HTTPRequestParser.Phase) {
            switch (state, phase) {
            case (.waiting, .head):
                state = .readingHead(deadline: now.advanced(by: timeouts.head))
            case (.waiting, .body), (.readingHead, .body), (.readingBody, .body):
                // Body progress resets the stall timer, up to the body's own
                // deadline; the head timer never resets.
                let ends = bodyEnds ?? now.advanced(by: timeouts.body)
                bodyEnds = ends
                state = .readingBody(deadline: min(now.advanced(by: timeouts.bodyStall), ends))
            default:
                break
            }
        }

        /// A complete request went to the handler.
        mutating func requestReceived(keepAlive: Bool) {
            bodyEnds = nil
            guard state != .closed else { return }
            if !keepAlive { closeAfterResponse = true }
            state = .handling
        }

        /// The response to the current request is queued for writing.
        /// `close`: the response itself asked to close (or was an error).
        mutating func responseQueued(now: Instant, close: Bool) -> Action {
            guard state != .closed else { return .none }
            if close || closeAfterResponse {
                closeAfterResponse = true
                state = .closing
                return .none
            }
            state = .waiting(deadline: now.advanced(by: timeouts.idle), fresh: false)
            return .parseBuffered
        }

        /// A write left bytes unsent (the peer is not reading).
        mutating func writeBlocked(now: Instant) {
            if writeDeadline == nil { writeDeadline = now.advanced(by: timeouts.write) }
        }

        /// Every queued byte is written.
        mutating func writeDrained(now: Instant) -> Action {
            writeDeadline = nil
            if state == .closing {
                state = .lingering(deadline: now.advanced(by: timeouts.linger))
                return .linger
            }
            return .none
        }

        /// The peer closed its write side (read returned 0).
        mutating func peerClosed() -> Action {
            switch state {
            case .handling, .closing:
                closeAfterResponse = true
                return .none
            case .closed:
                return .none
            default:
                state = .closed
                return .close
            }
        }

        /// A graceful stop: finish what is in flight, close what is idle.
        mutating func stopRequested() -> Action {
            closeAfterResponse = true
            switch state {
            case .waiting:
                state = .closed
                return .close
            default:
                return .none
            }
        }

        /// The loop's periodic check. Returns what the deadline demands.
        mutating func timerFired(now: Instant) -> Action {
            if let writeDeadline, now >= writeDeadline {
                state = .closed
                return .close
            }
            switch state {
            case .waiting(let deadline, _) where now >= deadline:
                state = .closed
                return .close
            case .readingHead(let deadline) where now >= deadline, .readingBody(let deadline) where now >= deadline:
                closeAfterResponse = true
                state = .closing
                return .timeoutResponse
            case .lingering(let deadline) where now >= deadline:
                state = .closed
                return .close
            default:
                return .none
            }
        }

        /// Whether a request has begun and is not yet complete: the
        /// connections a bound on slow senders counts.
        var isReceiving: Bool {
            switch state {
            case .readingHead, .readingBody: return true
            default: return false
            }
        }

        /// Cut off a request still being received to make room for another
        /// connection's: answer 408 and close, as when its deadline passes.
        mutating func evict() -> Action {
            guard isReceiving else { return .none }
            closeAfterResponse = true
            state = .closing
            return .timeoutResponse
        }

        /// The connection was closed (for any reason).
        mutating func closed() {
            state = .closed
        }
    }
}
