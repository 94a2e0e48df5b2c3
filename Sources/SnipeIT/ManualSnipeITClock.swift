import Foundation
import Synchronization

/// A `SnipeITClock` that moves only when `advance(by:)` is called: a sleep
/// ends once the clock reaches its deadline, or when its task is cancelled.
/// For tests of the client's rate limiting (and of code above the client).
public final class ManualSnipeITClock: SnipeITClock {
    private struct Sleeper {
        let deadline: ContinuousClock.Instant
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var elapsed: Duration = .zero
        var lastID = 0
        var sleepers: [Int: Sleeper] = [:]
        /// Sleeps cancelled before they registered.
        var cancelled: Set<Int> = []
    }

    private let origin: ContinuousClock.Instant
    private let originDate: Date
    private let state = Mutex(State())

    /// A clock that reads `date` now (by default the real time) and moves on
    /// only when told.
    public init(date: Date = Date()) {
        origin = ContinuousClock.now
        originDate = date
    }

    public var now: ContinuousClock.Instant { origin + state.withLock { $0.elapsed } }

    public var date: Date {
        let elapsed = state.withLock { $0.elapsed }.components
        return originDate.addingTimeInterval(TimeInterval(elapsed.seconds) + TimeInterval(elapsed.attoseconds) / 1e18)
    }

    /// Sleeps waiting for the clock to move.
    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    public func sleep(until deadline: ContinuousClock.Instant) async throws {
        let id = state.withLock { state -> Int in
            state.lastID += 1
            return state.lastID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome = state.withLock { state -> Result<Void, any Error>? in
                    if state.cancelled.remove(id) != nil { return .failure(CancellationError()) }
                    if deadline <= origin + state.elapsed { return .success(()) }
                    state.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let sleeper = state.withLock { state -> Sleeper? in
                guard let sleeper = state.sleepers.removeValue(forKey: id) else {
                    state.cancelled.insert(id)
                    return nil
                }
                return sleeper
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves the clock on by `duration` and ends the sleeps it reaches.
    public func advance(by duration: Duration) {
        let due = state.withLock { state -> [Sleeper] in
            state.elapsed += duration
            let now = origin + state.elapsed
            let due = state.sleepers.filter { $0.value.deadline <= now }
            for id in due.keys { state.sleepers[id] = nil }
            return Array(due.values)
        }
        for sleeper in due { sleeper.continuation.resume() }
    }
}
