import Glibc
import Synchronization

/// The thread-safe face of one loop thread: where responses completed on
/// other threads are posted, and how the loop is woken or told to stop.
/// Everything the loop mutates lives in its `LoopRunner`, on its thread.
package final class EventLoop: Sendable {
    /// A response for the request `sequence` of the connection `key`.
    package struct Completion: Sendable {
        package let key: UInt64
        package let sequence: UInt64
        package let response: HTTPResponse
    }

    package let index: Int
    package let wakeup: EventFD
    private let inbox = Mutex<[Completion]>([])
    /// A wakeup is already signalled and not yet consumed.
    private let wakePending = Atomic<Bool>(false)
    package let stopRequested = Atomic<Bool>(false)
    /// The loop thread's pthread_t, once it runs (0 before).
    private let thread = Atomic<UInt>(0)

    package init(index: Int) throws(IOError) {
        self.index = index
        wakeup = try EventFD()
    }

    /// Called by the loop thread when it starts.
    package func attachCurrentThread() {
        thread.store(UInt(pthread_self()), ordering: .releasing)
    }

    package var isCurrentThread: Bool {
        pthread_equal(pthread_self(), pthread_t(thread.load(ordering: .acquiring))) != 0
    }

    /// Posts a completion from any thread. On the loop thread itself (a
    /// handler answering at once) no wakeup is needed: the loop drains the
    /// inbox right after the handler returns.
    package func post(_ completion: Completion) {
        inbox.withLock { $0.append(completion) }
        if !isCurrentThread { wake() }
    }

    package func wake() {
        if !wakePending.exchange(true, ordering: .acquiringAndReleasing) { wakeup.signal() }
    }

    /// Takes every posted completion (loop thread).
    package func takeCompletions(into target: inout [Completion]) {
        inbox.withLock { pending in
            guard !pending.isEmpty else { return }
            target.append(contentsOf: pending)
            pending.removeAll(keepingCapacity: true)
        }
    }

    /// Consumes a wakeup (loop thread), before draining the inbox.
    package func acknowledgeWakeup() {
        // Drain first, then clear the flag: the other order loses a wakeup. A
        // post between "clear" and "drain" would signal, have its signal
        // drained here, and leave the flag set with nothing in the eventfd, so
        // every later cross-thread post would skip its signal and wait for the
        // loop's tick (up to 250 ms).
        wakeup.drain()
        wakePending.store(false, ordering: .releasing)
    }

    /// Asks the loop to stop gracefully (any thread).
    package func requestStop() {
        stopRequested.store(true, ordering: .releasing)
        wake()
    }
}
