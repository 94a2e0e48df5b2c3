import Bridge
import Delivery
import Store
import Synchronization

/// A `GatewayClock` that moves only when a test calls `advance(by:)`: a
/// sleep ends once the clock has passed its deadline (or its task is
/// cancelled). It starts at the system time, so what the store records
/// still looks like today.
final class ManualClock: GatewayClock {
    private struct Sleeper {
        let since: EpochMillis
        let deadline: EpochMillis
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now: EpochMillis
        var lastID = 0
        var sleepers: [Int: Sleeper] = [:]
        /// Sleeps cancelled before they could register.
        var cancelled: Set<Int> = []
    }

    private let state: Mutex<State>

    init(now: EpochMillis = SystemClock().now) {
        state = Mutex(State(now: now))
    }

    var now: EpochMillis { state.withLock { $0.now } }

    func sleep(for duration: Duration) async throws {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        let id = state.withLock { state -> Int in
            state.lastID += 1
            return state.lastID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome = state.withLock { state -> Result<Void, any Error>? in
                    if state.cancelled.remove(id) != nil { return .failure(CancellationError()) }
                    if milliseconds <= 0 { return .success(()) }
                    state.sleepers[id] = Sleeper(
                        since: state.now, deadline: state.now + milliseconds, continuation: continuation)
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

    /// Moves the clock on and ends the sleeps it passes; returns the new time.
    @discardableResult
    func advance(by duration: Duration) -> EpochMillis {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        let (now, due) = state.withLock { state -> (EpochMillis, [Sleeper]) in
            state.now += milliseconds
            let due = state.sleepers.filter { $0.value.deadline <= state.now }
            for id in due.keys { state.sleepers[id] = nil }
            return (state.now, Array(due.values))
        }
        for sleeper in due { sleeper.continuation.resume() }
        return now
    }

    /// Sleeps in progress that began at `instant` or later (a loop that went
    /// round again after an `advance` and is waiting once more).
    func sleepers(since instant: EpochMillis) -> Int {
        state.withLock { state in state.sleepers.values.filter { $0.since >= instant }.count }
    }
}
