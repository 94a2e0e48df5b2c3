import Foundation
import Store
import Testing
import TestSupport

/// `store migrate`: an SQLite data directory into an empty PostgreSQL schema.
@Suite(.serialized) struct StoreMigrationTests {
    @Test func everythingMovesIdsKeptNothingRunsTwice() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sqlite = try SQLiteStore(directory: directory.path, durability: .os)
        let first = try await sqlite.append(StoreFixture.event("d-1", payload: #"{"run":1}"#), actions: [StoreFixture.action("k1"), StoreFixture.action("k2")])
        let claimed = try await sqlite.claimDue(now: 1_000, limit: 10)
        try #require(claimed.count == 2)
        let done = try #require(claimed.first { $0.dedupKey == "k1" }), dead = try #require(claimed.first { $0.dedupKey == "k2" })
        try await sqlite.complete(actionID: done.id, result: "bug 1", output: #"{"id":"1"}"#, now: 1_100)
        try await sqlite.deadLetter(actionID: dead.id, error: "400 Bad Request", now: 1_100)
        _ = try await sqlite.append(StoreFixture.event("d-2", at: 2_000), actions: [StoreFixture.action("k1")])
        _ = try await sqlite.append(StoreFixture.event("d-3", at: 2_000), actions: [StoreFixture.action("k3")])
        let interrupted = try #require(try await sqlite.claimDue(now: 2_000, limit: 10).first { $0.dedupKey == "k3" })
        let waiting = try await sqlite.append(StoreFixture.event("d-4", at: 3_000))
        try await sqlite.saveKeyRecord(KeyRecord(bugID: "bug 1", createdByAction: done.id, updatedAt: 1_100), forDedupKey: "k1")
        let before = try await sqlite.actions(state: nil, afterID: 0, limit: 100)

        let postgres = try PostgresStore(configuration: .init(url: try TestPostgres.url(), schema: TestPostgres.freshSchema()))
        let report = try await StoreMigration.copy(from: sqlite, to: postgres)
        #expect(report == StoreMigration.Report(events: 4, actions: 4, keys: 1, attempts: 2))
        #expect(try await postgres.attempts(ofAction: dead.id) == [
            DeliveryAttempt(actionID: dead.id, number: 1, at: 1_100, outcome: .dead, answer: "400 Bad Request"),
        ])

        let counts = try await postgres.counts()
        #expect(counts.pendingEvents == 1)
        #expect(counts.actions == [.pending: 2, .inFlight: 0, .done: 1, .dead: 1, .dropped: 0])
        let after = try await postgres.actions(state: nil, afterID: 0, limit: 100)
        #expect(after.map(\.id) == before.map(\.id))
        #expect(try await postgres.action(id: done.id)?.result == "bug 1")
        #expect(try await postgres.action(id: done.id)?.output == #"{"id":"1"}"#)
        #expect(try await postgres.action(id: dead.id)?.lastError == "400 Bad Request")
        #expect(try await postgres.action(id: interrupted.id)?.state == .pending, "interrupted in flight: pending again")
        #expect(try await postgres.event(id: first.id)?.payload == Array(#"{"run":1}"#.utf8))
        #expect(try await postgres.pendingEvents(limit: 10).map(\.id) == [waiting.id])
        #expect(try await postgres.keyRecord(forDedupKey: "k1")?.createdByAction == done.id)
        // Only the pending work runs: the k1 repeat and the interrupted k3.
        let due = try await postgres.claimDue(now: 10_000, limit: 10)
        #expect(Set(due.map(\.dedupKey)) == ["k1", "k3"])
        #expect(!due.contains { $0.id == done.id })
        // A redelivery of a migrated event is a duplicate; new ids follow the old.
        #expect(try await postgres.append(StoreFixture.event("d-1")) == .duplicate(first.id))
        let fresh = try await postgres.append(StoreFixture.event("d-5"))
        #expect(fresh.id > waiting.id)
        // A second run finds the schema taken: nothing is copied twice.
        await #expect(throws: StoreError.self) { _ = try await StoreMigration.copy(from: sqlite, to: postgres) }
        await postgres.close()
        await sqlite.close()
    }
}
