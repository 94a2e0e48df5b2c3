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
}
