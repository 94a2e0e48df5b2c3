import Synchronization

/// Wakes one waiting loop early: `signal()` ends the current (or the next)
/// `wait(timeout:)`. Signals while nobody waits collapse into one.
///
/// A wait races the signal against a sleep on `clock` in a task group and
/// cancels the loser, so nothing of it keeps running once it returns.
package final class Wakeup: Sendable {
    private struct State {
        var pending = false
        var lastID = 0
        /// The one waiter, by the id of its wait.
        var waiter: (id: Int, continuation: CheckedContinuation<Void, Never>)?
        /// A wait cancelled before it could register its continuation.
        var cancelledID: Int?
    }

    private let state = Mutex(State())
    private let clock: any GatewayClock

    package init(clock: any GatewayClock = SystemClock()) {
        self.clock = clock
    }

    /// Ends the current wait, or makes the next one return at once.
    package func signal() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.pending = true
                return nil
            }
            state.waiter = nil
            return waiter.continuation
        }
        waiter?.resume()
    }

    /// Returns on a signal, after `timeout` of the clock's time, or when the
    /// calling task is cancelled, whichever comes first. One waiter at a time.
    package func wait(timeout: Duration) async {
        let signalled = state.withLock { state -> Bool in
            defer { state.pending = false }
            return state.pending
        }
        if signalled || Task.isCancelled { return }
        let clock = self.clock
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.signalled() }
            group.addTask { try? await clock.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
    }

    /// Returns on the next signal (or at once if one is pending), or when cancelled.
    private func signalled() async {
        let id = state.withLock { state -> Int in
            state.lastID += 1
            return state.lastID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { state -> Bool in
                    if state.cancelledID == id {
                        state.cancelledID = nil
                        return true
                    }
                    if state.pending {
                        state.pending = false
                        return true
                    }
                    state.waiter = (id, continuation)
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                guard let waiter = state.waiter, waiter.id == id else {
                    state.cancelledID = id
                    return nil
                }
                state.waiter = nil
                return waiter.continuation
            }
            waiter?.resume()
        }
    }
}
