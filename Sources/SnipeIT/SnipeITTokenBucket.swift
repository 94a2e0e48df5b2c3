import Synchronization

/// The client's own rate limit: a token bucket shared by every caller of one
/// client, so that together they stay under Snipe-IT's throttle instead of
/// discovering it by 429s.
///
/// It holds `burst` tokens and gains `requestsPerMinute` a minute. A caller
/// that finds it empty reserves the next token and waits for it, so callers
/// go in the order they arrived and none is dropped. It is kept as the
/// generic cell rate algorithm: one "theoretical arrival time" instead of a
/// token count, which makes a reservation one comparison and one addition.
///
/// When Snipe-IT answers "too many requests" anyway (another client shares
/// the token's user), `pause(for:)` empties the bucket until the wait has
/// passed: callers already waiting for a token inside the pause wait again,
/// behind it.
public final class SnipeITTokenBucket: Sendable {
    public let requestsPerMinute: Int
    public let burst: Int
    private let clock: any SnipeITClock
    /// The time between two tokens.
    private let interval: Duration
    /// How far ahead of the theoretical arrival time a call may go (the burst).
    private let tolerance: Duration

    private struct State {
        /// When the bucket would next be empty-and-refilled if calls came evenly.
        var theoreticalArrival: ContinuousClock.Instant?
        var pausedUntil: ContinuousClock.Instant?
    }

    private let state = Mutex(State())

    /// A bucket of `burst` tokens (at least 1) refilled at `requestsPerMinute`
    /// (at least 1), on `clock`.
    public init(requestsPerMinute: Int, burst: Int, clock: any SnipeITClock) {
        self.requestsPerMinute = max(1, requestsPerMinute)
        self.burst = max(1, burst)
        self.clock = clock
        interval = .seconds(60) / self.requestsPerMinute
        tolerance = interval * (self.burst - 1)
    }

    /// Waits for a token; throws `CancellationError` if the task is cancelled
    /// while waiting (the token is then lost, never handed to anyone twice).
    public func acquire() async throws {
        while true {
            let slot = reserve()
            if slot > clock.now { try await clock.sleep(until: slot) }
            if isOutsidePause(slot) { return }
        }
    }

    /// Empties the bucket until `wait` from now has passed: no call goes
    /// before then, and calls after it come at the steady rate.
    public func pause(for wait: Duration) {
        let until = clock.now + wait
        state.withLock { state in
            state.pausedUntil = max(state.pausedUntil ?? until, until)
            // The first call after the pause goes at `until`, the next one an interval later.
            let drained = until + tolerance
            state.theoreticalArrival = max(state.theoreticalArrival ?? drained, drained)
        }
    }

    /// When the current pause ends, if one is in force.
    public var pausedUntil: ContinuousClock.Instant? {
        let now = clock.now
        return state.withLock { state in state.pausedUntil.flatMap { $0 > now ? $0 : nil } }
    }

    /// Takes the next token: the instant it may be used.
    private func reserve() -> ContinuousClock.Instant {
        let now = clock.now
        return state.withLock { state in
            let arrival = max(state.theoreticalArrival ?? now, now)
            let slot = max(now, arrival - tolerance)
            state.theoreticalArrival = arrival + interval
            return slot
        }
    }

    /// A token reserved before a pause began, for a moment inside it, is void.
    private func isOutsidePause(_ slot: ContinuousClock.Instant) -> Bool {
        state.withLock { state in
            guard let until = state.pausedUntil else { return true }
            return slot >= until
        }
    }
}
