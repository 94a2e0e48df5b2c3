import Dispatch
import Foundation
import Synchronization

/// The one thread that writes to the database, with group commit.
///
/// Callers enqueue jobs from any thread. The writer takes every job queued so
/// far (up to `maxBatch`), runs them in ONE transaction (so one fsync for the
/// batch; with `.fsync` durability, two: the jobs that skip the WAL sync
/// first, then the others), commits, and only then tells each caller its
/// outcome. While it commits, new jobs queue up and form the next batch:
/// batching grows with load and adds no delay when idle.
///
/// Callers hear of their outcome on a second thread (`completions`), in
/// commit order: what they do then (answer a webhook, log, free the payload)
/// overlaps the next batch instead of delaying it.
///
/// A job that fails is rolled back alone (to its savepoint) and told its error.
/// If the transaction itself is lost (disk full, I/O error) or the commit
/// fails, nothing of the batch is kept and each of its jobs is run again in a
/// transaction of its own: one event that does not fit on the disk fails
/// alone, and the small outbox updates queued beside it still land.
final class SQLiteWriter: Sendable {
    /// One unit of work inside a batch transaction.
    struct Job: Sendable {
        /// Multi-statement jobs run inside a savepoint so a failure undoes only them.
        /// Single-statement jobs (appends) skip it: SQLite undoes a failed statement by itself.
        let savepoint: Bool
        /// Runs alone, between batches, outside any transaction (checkpoints).
        var outsideTransaction = false
        /// The job needs no WAL fsync of its own: it is made durable by the
        /// payload log's fsync (appends, see `PayloadLog`), or a power loss
        /// that takes it leaves a state it is redone from (dispatch, claims).
        /// SQLite's WAL keeps commits in order, so any later synced commit
        /// makes it durable as well. A batch of only such jobs commits unsynced.
        var skipsSync = false
        /// Runs inside the transaction; on success returns what to tell the caller after commit.
        /// May run twice: when its batch's transaction is lost it runs again alone, so
        /// it must touch nothing outside the transaction (the payload log is reset by then).
        let body: @Sendable (SQLiteDatabase) -> Result<@Sendable () -> Void, StoreError>
        /// Tells the caller the job failed (it, or its batch).
        let fail: @Sendable (StoreError) -> Void
    }

    private let thread = JobThread<Job>()
    /// Runs each committed batch's acknowledgements, in commit order.
    private let completions = DispatchQueue(label: "store.writer.completions")
    private let maxBatch: Int
    /// `.fsync` durability: commits are synced (synchronous = FULL), except
    /// batches made only of jobs that skip it (`Job.skipsSync`).
    private let syncCommits: Bool
    private let batchCount = Atomic<Int>(0)
    private let syncedBatchCount = Atomic<Int>(0)
    private let jobCount = Atomic<Int>(0)
    private let isolatedBatchCount = Atomic<Int>(0)

    /// Starts the thread, which opens its own connection with `open` and owns it
    /// until `stop`. Throws what `open` threw.
    init(name: String, maxBatch: Int, syncCommits: Bool,
         open: @escaping @Sendable () throws(StoreError) -> SQLiteDatabase) throws(StoreError) {
        self.maxBatch = max(1, maxBatch)
        self.syncCommits = syncCommits
        try thread.start(name: name, open: open) { [self] db in run(db) }
    }

    /// Batches committed so far (each one transaction, one fsync with `.fsync` durability).
    var committedBatches: Int { batchCount.load(ordering: .relaxed) }
    /// Batches run with a synced commit (`.fsync` durability, a job without `skipsSync`).
    var syncedBatches: Int { syncedBatchCount.load(ordering: .relaxed) }
    /// Jobs committed so far.
    var committedJobs: Int { jobCount.load(ordering: .relaxed) }
    /// Batches whose transaction was lost, and whose jobs were then run one by one.
    var isolatedBatches: Int { isolatedBatchCount.load(ordering: .relaxed) }

    func enqueue(_ job: Job) {
        if !thread.enqueue(job) { job.fail(StoreError(.closed, "the store is closed")) }
    }

    /// Runs `body` in the next batch; `completion` gets its value after the commit.
    func perform<T: Sendable>(savepoint: Bool = true, outsideTransaction: Bool = false, skipsSync: Bool = false,
                              _ body: @escaping @Sendable (SQLiteDatabase) throws(StoreError) -> T,
                              completion: @escaping @Sendable (Result<T, StoreError>) -> Void) {
        enqueue(Job(savepoint: savepoint, outsideTransaction: outsideTransaction, skipsSync: skipsSync,
                    body: { db in
            do throws(StoreError) {
                let value = try body(db)
                return .success({ completion(.success(value)) })
            } catch {
                return .failure(error)
            }
        }, fail: { completion(.failure($0)) }))
    }

    /// Runs `body` in the next batch and returns its value once committed.
    @discardableResult
    func perform<T: Sendable>(savepoint: Bool = true, outsideTransaction: Bool = false, skipsSync: Bool = false,
                              _ body: @escaping @Sendable (SQLiteDatabase) throws(StoreError) -> T
    ) async throws(StoreError) -> T {
        typealias Waiter = CheckedContinuation<Result<T, StoreError>, Never>
        let result = await withCheckedContinuation { (continuation: Waiter) in
            perform(savepoint: savepoint, outsideTransaction: outsideTransaction, skipsSync: skipsSync,
                    body) {
                continuation.resume(returning: $0)
            }
        }
        return try result.get()
    }

    /// Asks the thread to finish queued jobs, close the connection and end,
    /// without waiting (for `deinit`).
    func requestStop() { thread.requestStop() }

    /// Lets queued jobs finish, then closes the connection and ends the thread.
    func stop() async { await thread.stop() }

    // MARK: The thread

    private func run(_ db: SQLiteDatabase) {
        var synchronousFull = syncCommits  // as the connection was opened (FULL with .fsync)
        while let jobs = thread.next(max: maxBatch) {
            guard syncCommits else {
                runInOrder(jobs, db)
                continue
            }
            // The jobs that need no sync commit first, in a transaction of
            // their own, so a claim or an append never waits for the WAL
            // sync a delivery outcome needs. The jobs of one batch were
            // all queued concurrently, so none was promised an order
            // against another; and the WAL keeps commits in order, so the
            // synced commit that follows makes the first one durable too.
            let unsynced = jobs.filter(\.skipsSync)
            let synced = unsynced.count == jobs.count ? [] : jobs.filter { !$0.skipsSync }
            for (group, full) in [(unsynced, false), (synced, true)] where !group.isEmpty {
                if full != synchronousFull,
                   (try? db.execute("PRAGMA synchronous = \(full ? "FULL" : "NORMAL")")) != nil {
                    synchronousFull = full
                }
                if synchronousFull { syncedBatchCount.add(1, ordering: .relaxed) }
                runInOrder(group, db)
            }
        }
        completions.sync {}  // every caller has heard before `stop` returns
        withExtendedLifetime(db) {}
        thread.finished()
    }

    /// Batches consecutive transactional jobs; runs the others alone, in queue order.
    private func runInOrder(_ jobs: [Job], _ db: SQLiteDatabase) {
        guard jobs.contains(where: \.outsideTransaction) else { return runBatch(jobs, db) }
        var batch: [Job] = []
        for job in jobs {
            guard job.outsideTransaction else { batch.append(job); continue }
            if !batch.isEmpty { runBatch(batch, db) }
            batch.removeAll()
            switch job.body(db) {
            case .success(let acknowledge): completions.async { acknowledge() }
            case .failure(let error): completions.async { job.fail(error) }
            }
        }
        if !batch.isEmpty { runBatch(batch, db) }
    }

    private func runBatch(_ jobs: [Job], _ db: SQLiteDatabase) {
        do throws(StoreError) {
            try db.statement("BEGIN IMMEDIATE").run()
        } catch {
            db.payloadLog?.discard()
            failAll(jobs, error)
            return
        }
        var acknowledgements: [@Sendable () -> Void] = []
        var failures: [(Job, StoreError)] = []
        acknowledgements.reserveCapacity(jobs.count)
        do throws(StoreError) {
            for job in jobs {
                if job.savepoint { try db.statement("SAVEPOINT job").run() }
                switch job.body(db) {
                case .success(let acknowledge):
                    if job.savepoint { try db.statement("RELEASE job").run() }
                    acknowledgements.append(acknowledge)
                case .failure(let error):
                    // Severe errors end the transaction; then the whole batch is lost.
                    guard db.inTransaction else { throw error }
                    if job.savepoint {
                        try db.statement("ROLLBACK TO job").run()
                        try db.statement("RELEASE job").run()
                    }
                    failures.append((job, error))
                }
            }
            try db.payloadLog?.flush(db)
            try db.statement("COMMIT").run()
            db.payloadLog?.committed()
        } catch {
            db.payloadLog?.discard()
            if db.inTransaction { try? db.execute("ROLLBACK") }
            guard jobs.count > 1 else { return failAll(jobs, error) }
            isolatedBatchCount.add(1, ordering: .relaxed)
            for job in jobs { runBatch([job], db) }
            return
        }
        batchCount.add(1, ordering: .relaxed)
        jobCount.add(acknowledgements.count, ordering: .relaxed)
        // The jobs go along so their payloads are freed there too.
        completions.async { [acknowledgements, failures] in
            withExtendedLifetime(jobs) {
                for acknowledge in acknowledgements { acknowledge() }
                for (job, error) in failures { job.fail(error) }
            }
        }
    }

    private func failAll(_ jobs: [Job], _ error: StoreError) {
        completions.async {
            for job in jobs { job.fail(error) }
        }
    }
}
