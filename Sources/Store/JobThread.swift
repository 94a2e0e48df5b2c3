import Dispatch
import Foundation
import Synchronization

/// A thread that owns one database connection, and the queue of jobs it
/// runs: what `SQLiteWriter` and `PostgresWorker` share. Callers enqueue
/// from any thread; the owner's loop takes jobs with `next(max:)` on the
/// thread, and the connection never leaves it. Waiting for the disk or the
/// network then blocks this thread, never one of Swift's cooperative pool.
final class JobThread<Job: Sendable>: Sendable {
    private struct Queue {
        var jobs: [Job] = []
        var stopping = false
        var stopped = false
        var onStopped: [@Sendable () -> Void] = []
    }

    private let queue = Mutex(Queue())
    private let wakeup = DispatchSemaphore(value: 0)

    init() {}

    /// Starts the thread: it opens the connection with `open`, then hands it
    /// to `run`, the owner's loop. Returns once `open` has returned; throws
    /// what it threw.
    func start<Connection>(
        name: String, open: @escaping @Sendable () throws(StoreError) -> Connection,
        run: @escaping @Sendable (Connection) -> Void
    ) throws(StoreError) {
        let opened = Mutex<Result<Void, StoreError>?>(nil)
        let ready = DispatchSemaphore(value: 0)
        let thread = Thread {
            let connection: Connection
            do throws(StoreError) {
                connection = try open()
            } catch {
                opened.withLock { $0 = .failure(error) }
                ready.signal()
                return
            }
            opened.withLock { $0 = .success(()) }
            ready.signal()
            run(connection)
        }
        thread.name = name
        thread.start()
        ready.wait()
        try opened.withLock { $0 ?? .failure(StoreError(.io, "the \(name) thread did not start")) }.get()
    }

    /// Queues `job`; `false` (and nothing queued) once stopping.
    func enqueue(_ job: Job) -> Bool {
        let accepted = queue.withLock { queue in
            guard !queue.stopping else { return false }
            queue.jobs.append(job)
            return true
        }
        if accepted { wakeup.signal() }
        return accepted
    }

    /// On the thread: up to `max` queued jobs, oldest first, waiting while
    /// there are none; `nil` once stopping with none left.
    func next(max: Int) -> [Job]? {
        while true {
            let (jobs, stopping) = queue.withLock { queue -> ([Job], Bool) in
                if queue.jobs.count <= max {
                    // All of them: swapped out, not copied (the writer's hot path).
                    var taken: [Job] = []
                    swap(&taken, &queue.jobs)
                    return (taken, queue.stopping)
                }
                let taken = Array(queue.jobs.prefix(max))
                queue.jobs.removeFirst(max)
                return (taken, queue.stopping)
            }
            if !jobs.isEmpty { return jobs }
            if stopping { return nil }
            wakeup.wait()
        }
    }

    /// On the thread, after its last job: `stop` returns from here on.
    func finished() {
        let waiters = queue.withLock { queue in
            queue.stopped = true
            return queue.onStopped
        }
        for waiter in waiters { waiter() }
    }

    /// Asks the thread to finish queued jobs and end, without waiting (for `deinit`).
    func requestStop() {
        queue.withLock { $0.stopping = true }
        wakeup.signal()
    }

    /// Lets queued jobs finish, then waits for the thread to end.
    func stop() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let alreadyStopped = queue.withLock { queue in
                queue.stopping = true
                if queue.stopped { return true }
                queue.onStopped.append { continuation.resume() }
                return false
            }
            if alreadyStopped { continuation.resume() } else { wakeup.signal() }
        }
    }
}
