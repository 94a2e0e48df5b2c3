import Synchronization

/// Wakes one waiting loop early: `signal()` ends the current (or the next)
/// `wait(timeout:)`. Signals while nobody waits collapse into one.
package final class Wakeup: Sendable {
    private struct State {
        var pending = false
        var generation = 0
        var waiter: (generation: Int, continuation: CheckedContinuation<Void, Never>)?
    }

    private let state = Mutex(State())

    package init() {}

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

    /// Returns on a signal or after `timeout`, whichever comes first. One waiter at a time.
    package func wait(timeout: Duration) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let generation = state.withLock { state -> Int? in
                if state.pending {
                    state.pending = false
                    return nil
                }
                state.generation += 1
                state.waiter = (state.generation, continuation)
                return state.generation
            }
            guard let generation else {
                continuation.resume()
                return
            }
            Task {
                try? await Task.sleep(for: timeout)
                self.expire(generation)
            }
        }
    }

    private func expire(_ generation: Int) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter, waiter.generation == generation else { return nil }
            state.waiter = nil
            return waiter.continuation
        }
        waiter?.resume()
    }
}
