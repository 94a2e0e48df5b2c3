import Dispatch
import Foundation

/// The thread that owns one PostgreSQL connection and runs jobs on it, in
/// order, off Swift's cooperative pool (a statement that waits for the
/// network blocks this thread, never one of the pool's).
///
/// As the writer (`batches`), it takes every job queued so far (up to
/// `maxBatch`) and runs them in ONE transaction: one commit, so one WAL
/// flush on the server, for a batch of webhooks (group commit). Jobs with
/// `savepoint` run inside one, so a job that fails undoes only itself. When
/// a job without one fails, or the transaction is lost, nothing of the batch
/// is kept and each job runs again alone, in a transaction of its own; a
/// job the server aborted for a deadlock or a serialization failure runs
/// again, alone, up to three times. Callers hear of their outcome only
/// after the commit.
///
/// Without `batches` (the reader), each job runs on its own, outside any
/// transaction.
///
/// A lost connection fails the jobs of that batch with `.io` (the caller
/// answers 503, or retries), and the next batch connects again: the store
/// recovers by itself when the server is back.
final class PostgresWorker: Sendable {
    struct Job: Sendable {
        /// Runs inside a savepoint, so that a failure undoes only this job.
        let savepoint: Bool
        /// Queues work other replicas should hear of: its transaction sends
        /// the worker's `NOTIFY` (once, however many jobs it holds).
        var notifies = false
        /// Runs on the connection; on success returns what to tell the caller after commit.
        /// May run more than once (see above): it must touch nothing outside the database.
        let body: @Sendable (PGConnection) -> Result<@Sendable () -> Void, StoreError>
        /// Tells the caller the job failed.
        let fail: @Sendable (StoreError) -> Void
    }

    private let thread = JobThread<Job>()
    private let completions: DispatchQueue
    private let maxBatch: Int
    private let batches: Bool
    /// `NOTIFY <channel>`, sent by a transaction that holds a job that `notifies`.
    private let notify: String?

    /// Starts the thread, which opens its connection with `open`. Throws what `open` threw.
    init(
        name: String, batches: Bool, maxBatch: Int, notify: String? = nil,
        open: @escaping @Sendable () throws(StoreError) -> PGConnection
    ) throws(StoreError) {
        self.batches = batches
        self.notify = notify
        self.maxBatch = max(1, maxBatch)
        completions = DispatchQueue(label: "\(name).completions")
        try thread.start(name: name, open: open) { [self] connection in run(connection) }
    }

    func enqueue(_ job: Job) {
        if !thread.enqueue(job) { job.fail(StoreError(.closed, "the store is closed")) }
    }

    /// Runs `body` in the next batch; `completion` gets its value after the commit.
    func perform<T: Sendable>(
        savepoint: Bool = true, notifies: Bool = false, _ body: @escaping @Sendable (PGConnection) throws(StoreError) -> T,
        completion: @escaping @Sendable (Result<T, StoreError>) -> Void
    ) {
        enqueue(Job(savepoint: savepoint, notifies: notifies, body: { connection in
            do throws(StoreError) {
                let value = try body(connection)
                return .success({ completion(.success(value)) })
            } catch {
                return .failure(error)
            }
        }, fail: { completion(.failure($0)) }))
    }

    /// Runs `body` in the next batch and returns its value once committed.
    @discardableResult
    func perform<T: Sendable>(
        savepoint: Bool = true, notifies: Bool = false, _ body: @escaping @Sendable (PGConnection) throws(StoreError) -> T
    ) async throws(StoreError) -> T {
        typealias Waiter = CheckedContinuation<Result<T, StoreError>, Never>
        let result = await withCheckedContinuation { (continuation: Waiter) in
            perform(savepoint: savepoint, notifies: notifies, body) { continuation.resume(returning: $0) }
        }
        return try result.get()
    }

    /// Asks the thread to finish queued jobs and end, without waiting (for `deinit`).
    func requestStop() { thread.requestStop() }

    /// Lets queued jobs finish, then closes the connection and ends the thread.
    func stop() async { await thread.stop() }

    // MARK: The thread

    private func run(_ connection: PGConnection) {
        while let jobs = thread.next(max: batches ? maxBatch : 1) {
            if batches { runBatch(jobs, connection) } else { runAlone(jobs[0], connection) }
        }
        completions.sync {}
        withExtendedLifetime(connection) {}
        thread.finished()
    }

    /// A job outside any transaction (a read).
    private func runAlone(_ job: Job, _ connection: PGConnection) {
        do throws(StoreError) {
            try connection.reconnectIfNeeded()
        } catch {
            return job.fail(error)
        }
        switch job.body(connection) {
        case .success(let tell): completions.async(execute: tell)
        case .failure(let error): completions.async { job.fail(error) }
        }
    }

    private func runBatch(_ jobs: [Job], _ connection: PGConnection) {
        do throws(StoreError) {
            try connection.reconnectIfNeeded()
        } catch {
            for job in jobs { job.fail(error) }
            return
        }
        if jobs.count > 1, let outcomes = transaction(jobs, connection) {
            deliver(outcomes)
            return
        }
        // The connection went down under the batch: whether its commit
        // landed is unknown, so nothing is run again (appends are told to
        // retry, and a retry is a duplicate if it did land).
        if jobs.count > 1, !connection.isHealthy {
            for job in jobs { job.fail(Self.lost) }
            return
        }
        // One job, or a batch that could not stand together: each alone.
        for job in jobs {
            var attempt = 0
            while true {
                attempt += 1
                let outcome = transaction([job], connection)?.first?.1 ?? .failure(Self.lost)
                if case .failure(let error) = outcome, error.isTransient, attempt < 3 { continue }
                deliver([(job, outcome)])
                break
            }
        }
    }

    private static let lost = StoreError(.io, "PostgreSQL is unavailable: the transaction was lost")

    /// Runs `jobs` in one transaction. `nil` when it could not commit as a
    /// whole (a job without a savepoint failed, or the transaction or the
    /// commit failed): nothing of it is kept. For one job, the failure is
    /// its outcome instead.
    private func transaction(
        _ jobs: [Job], _ connection: PGConnection
    ) -> [(Job, Result<@Sendable () -> Void, StoreError>)]? {
        let alone = jobs.count == 1
        var outcomes: [(Job, Result<@Sendable () -> Void, StoreError>)] = []
        do throws(StoreError) {
            try connection.execute("BEGIN")
            for job in jobs {
                if job.savepoint { try connection.execute("SAVEPOINT job") }
                let outcome = job.body(connection)
                if case .failure(let error) = outcome {
                    guard job.savepoint, connection.isHealthy else { throw error }
                    try connection.execute("ROLLBACK TO SAVEPOINT job")
                }
                if job.savepoint { try connection.execute("RELEASE SAVEPOINT job") }
                outcomes.append((job, outcome))
            }
            if let notify, outcomes.contains(where: { job, outcome in
                if case .success = outcome { return job.notifies } else { return false }
            }) {
                try connection.execute(notify)
            }
            try connection.execute("COMMIT")
            return outcomes
        } catch {
            if connection.isHealthy { try? connection.execute("ROLLBACK") }
            return alone ? [(jobs[0], .failure(error))] : nil
        }
    }

    private func deliver(_ outcomes: [(Job, Result<@Sendable () -> Void, StoreError>)]) {
        completions.async {
            for (job, outcome) in outcomes {
                switch outcome {
                case .success(let tell): tell()
                case .failure(let error): job.fail(error)
                }
            }
        }
    }
}
