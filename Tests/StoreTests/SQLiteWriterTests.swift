import Foundation
@testable import Store
import Synchronization
import Testing

@Suite("SQLiteWriter: one failing job does not spoil its batch", .serialized)
struct SQLiteWriterTests {
    @Test func aFailedJobIsRolledBackAloneAndTheOthersCommit() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(directory: directory.path)
        let outcomes = Mutex<[String: Bool]>([:])
        let finished = DispatchSemaphore(value: 0)
        // Enqueued back to back, so they usually share a batch; the result must hold either way.
        for index in 0..<20 {
            let key = "job-\(index)"
            store.writer.perform({ db throws(StoreError) in
                try db.statement("INSERT INTO keys(dedup_key, updated_at) VALUES (?, 1)").run(.text(key))
                if index % 5 == 0 { throw StoreError(.invalidArgument, "job \(index) fails after writing") }
            }, completion: { result in
                outcomes.withLock { $0[key] = (try? result.get()) != nil }
                finished.signal()
            })
        }
        for _ in 0..<20 { finished.wait() }
        for index in 0..<20 {
            let key = "job-\(index)"
            let failed = index % 5 == 0
            #expect(outcomes.withLock { $0[key] } == !failed)
            let record = try await store.keyRecord(forDedupKey: key)
            #expect((record == nil) == failed, "\(key)")
        }
        #expect(store.committedWrites == 16)
        await store.close()
    }

    /// With fsync durability, the jobs that skip the WAL sync (appends,
    /// claims) commit ahead of a synced one queued with them, so they never
    /// wait for its sync.
    @Test func jobsThatSkipTheSyncCommitBeforeTheSyncedOnesOfTheirBatch() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(configuration: .init(directory: directory.path, durability: .fsync))
        let gate = DispatchSemaphore(value: 0)
        let unsyncedCommitted = DispatchSemaphore(value: 0)
        let syncedSawIt = Mutex<Bool?>(nil)
        let done = DispatchSemaphore(value: 0)
        // Holds the writer, so the next two jobs form one batch.
        store.writer.perform({ _ throws(StoreError) in gate.wait() }, completion: { _ in })
        store.writer.perform({ _ throws(StoreError) in
            let seen = unsyncedCommitted.wait(timeout: .now() + 10) == .success
            syncedSawIt.withLock { $0 = seen }
        }, completion: { _ in done.signal() })
        store.writer.perform(skipsSync: true, { _ throws(StoreError) in }, completion: { _ in unsyncedCommitted.signal() })
        gate.signal()
        done.wait()
        #expect(syncedSawIt.withLock { $0 } == true, "the unsynced job was told of its commit before the synced one ran")
        await store.close()
    }
    /// A job that loses the whole transaction (as a full disk does to the
    /// payload log's write or the commit) fails alone: the batch's other jobs
    /// are run again, each in a transaction of its own, and commit.
    @Test func aLostTransactionFailsOnlyTheJobThatLostIt() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(directory: directory.path)
        let gate = DispatchSemaphore(value: 0)
        let outcomes = Mutex<[String: Bool]>([:])
        let finished = DispatchSemaphore(value: 0)
        // Holds the writer, so the next jobs form one batch (and, run again alone, holds it no more).
        let held = Atomic(false)
        store.writer.perform({ _ throws(StoreError) in
            if !held.exchange(true, ordering: .relaxed) { gate.wait() }
        }, completion: { _ in })
        for key in ["before", "loses-it", "after"] {
            store.writer.perform({ db throws(StoreError) in
                if key == "loses-it" {
                    try db.execute("ROLLBACK")
                    throw StoreError(.io, "database or disk is full")
                }
                try db.statement("INSERT INTO keys(dedup_key, updated_at) VALUES (?, 1)").run(.text(key))
            }, completion: { result in
                outcomes.withLock { $0[key] = (try? result.get()) != nil }
                finished.signal()
            })
        }
        gate.signal()
        for _ in 0..<3 { finished.wait() }
        #expect(outcomes.withLock { $0 } == ["before": true, "loses-it": false, "after": true])
        #expect(try await store.keyRecord(forDedupKey: "before") != nil)
        #expect(try await store.keyRecord(forDedupKey: "after") != nil)
        #expect(store.writer.isolatedBatches == 1)
        await store.close()
    }
}
