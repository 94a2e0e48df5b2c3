import Synchronization

/// A one-shot gate: `wait()` suspends until `open()` has been called, then
/// (and ever after) returns at once. Any number of waiters; a cancelled
/// waiter returns early.
package final class Latch: Sendable {
    private struct State {
        var isOpen = false
        var lastID = 0
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        /// Waits cancelled before they could register their continuation.
        var cancelled: Set<Int> = []
    }

    private let state = Mutex(State())

    package init() {}

    /// Whether `open()` has been called.
    package var isOpen: Bool { state.withLock { $0.isOpen } }

    /// Lets every waiter, present and future, through. Idempotent.
    package func open() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.isOpen = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once the latch is open, or when the calling task is cancelled.
    package func wait() async {
        let id = state.withLock { state -> Int? in
            guard !state.isOpen else { return nil }
            state.lastID += 1
            return state.lastID
        }
        guard let id else { return }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { state -> Bool in
                    if state.isOpen || state.cancelled.remove(id) != nil { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                guard let waiter = state.waiters.removeValue(forKey: id) else {
                    if !state.isOpen { state.cancelled.insert(id) }
                    return nil
                }
                return waiter
            }
            waiter?.resume()
        }
    }
}
