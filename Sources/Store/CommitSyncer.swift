import Dispatch
import Synchronization

/// The second stage of the SQLite writer with `.fsync` durability: it makes
/// committed batches durable, then tells their callers, in commit order.
///
/// Why a stage of its own: a batch's payload records are written before its
/// commit, but their fdatasync takes as long as the disk wants (0.5 to 4 ms
/// on the benchmark VM), and the writer thread once spent most of its time
/// waiting for it. Now the writer commits and goes on with the next batch
/// while this thread syncs. One fdatasync covers every batch queued behind
/// it, so under load the syncs group themselves as the commits do.
///
/// The promise to callers is unchanged: a caller hears of its job only once
/// every commit up to its own is durable, because every batch (synced or not,
/// failed or not) passes through here in commit order.
final class CommitSyncer: Sendable {
    /// What the writer hands over after a commit.
    struct Batch: Sendable {
        /// The segment the batch's payload records went to; `nil`: nothing to sync.
        var file: PayloadSegmentFile?
        /// The jobs that succeeded, each with what to tell its caller.
        var acknowledged: [(job: SQLiteWriter.Job, acknowledge: @Sendable () -> Void)] = []
        /// The jobs that failed, with their errors.
        var failed: [(job: SQLiteWriter.Job, error: StoreError)] = []
    }

    private let thread = JobThread<Batch>()
    private let completions: DispatchQueue
    private let syncCount = Atomic<Int>(0)

    /// Starts the thread; callers hear on `completions`.
    init(name: String, completions: DispatchQueue) throws(StoreError) {
        self.completions = completions
        try thread.start(name: name, open: { () }) { [self] _ in run() }
    }

    /// The fdatasync calls made so far (each may cover several batches).
    var syncs: Int { syncCount.load(ordering: .relaxed) }

    /// Queues a committed batch. After `stop` there is no one left to tell:
    /// its jobs fail as the writer's would.
    func enqueue(_ batch: Batch) {
        guard !thread.enqueue(batch) else { return }
        completions.async {
            for (job, _) in batch.acknowledged { job.fail(StoreError(.closed, "the store is closed")) }
            for (job, error) in batch.failed { job.fail(error) }
        }
    }

    /// Finishes every queued batch, then ends the thread; returns once it has
    /// (called on the writer's thread, as the writer's last act).
    func stopAndWait() {
        let ended = DispatchSemaphore(value: 0)
        thread.stop { ended.signal() }
        ended.wait()
    }

    private func run() {
        while let batches = thread.next(max: .max) {
            // Oldest first: each file is synced once, after every write of
            // the batches taken (they were all written before they queued).
            var errors: [ObjectIdentifier: StoreError] = [:]
            var synced: Set<ObjectIdentifier> = []
            for file in batches.compactMap(\.file) where synced.insert(ObjectIdentifier(file)).inserted {
                syncCount.add(1, ordering: .relaxed)
                if let error = file.sync() { errors[ObjectIdentifier(file)] = error }
            }
            completions.async { [errors] in
                for batch in batches {
                    if let file = batch.file, let error = errors[ObjectIdentifier(file)] {
                        // Committed, but perhaps not on the disk: its callers hear of a failure
                        // (a webhook's sender is answered 503, and tries again).
                        for (job, _) in batch.acknowledged { job.fail(error) }
                    } else {
                        for (_, acknowledge) in batch.acknowledged { acknowledge() }
                    }
                    for (job, error) in batch.failed { job.fail(error) }
                }
            }
        }
        thread.finished()
    }
}
