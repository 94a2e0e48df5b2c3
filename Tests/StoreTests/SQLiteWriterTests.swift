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
}
