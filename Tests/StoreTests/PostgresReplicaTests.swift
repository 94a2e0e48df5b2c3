import Foundation
import Store
import Synchronization
import Testing
import TestSupport

/// What only a shared PostgreSQL has to get right: several stores (replicas)
/// on one schema.
@Suite(.serialized) struct PostgresReplicaTests {
    static func replicas(_ count: Int, schema: String = TestPostgres.freshSchema(), lease: Int64 = 60_000) throws -> [PostgresStore] {
        let url = try TestPostgres.url()
        return try (0..<count).map { index in
            try PostgresStore(configuration: .init(url: url, schema: schema, leaseMillis: lease, replicaID: "replica-\(index)"))
        }
    }

    static func close(_ stores: [PostgresStore]) async {
        for store in stores { await store.close() }
    }

    @Test func replicasStartingTogetherMigrateOnce() async throws {
        let schema = TestPostgres.freshSchema()
        let url = try TestPostgres.url()
        let stores = try await withThrowingTaskGroup(of: PostgresStore.self) { group in
            for index in 0..<4 {
                group.addTask { try PostgresStore(configuration: .init(url: url, schema: schema, replicaID: "r\(index)")) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(stores.count == 4)
        let appended = try await stores[0].append(StoreFixture.event("1"))
        #expect(try await stores[3].event(id: appended.id)?.deliveryID == "1")
        await Self.close(stores)
    }

    @Test func aRedeliveryToAnotherReplicaIsADuplicate() async throws {
        let stores = try Self.replicas(2)
        let first = try await stores[0].append(StoreFixture.event("d-1"), actions: [StoreFixture.action("k")])
        let again = try await stores[1].append(StoreFixture.event("d-1"), actions: [StoreFixture.action("k")])
        #expect(again == .duplicate(first.id))
        #expect(try await stores[1].counts().actions[.pending] == 1)
        await Self.close(stores)
    }

    /// One key's actions, appended through both replicas at once: at most
    /// one is ever claimable or in flight, and they run in queue order.
    @Test func oneKeyIsInFlightOnOneReplicaAtATimeInOrder() async throws {
        let stores = try Self.replicas(2)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<40 {
                group.addTask {
                    _ = try await stores[n % 2].append(StoreFixture.event("e-\(n)", at: 1_000), actions: [StoreFixture.action("k")])
                }
            }
            try await group.waitForAll()
        }
        var order: [Int64] = []
        while order.count < 40 {
            let claims = try await withThrowingTaskGroup(of: [OutboxAction].self) { group in
                for store in stores { group.addTask { try await store.claimDue(now: 2_000, limit: 10) } }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            try #require(claims.count == 1, "one key, so exactly one claim across both replicas, got \(claims.count)")
            order.append(claims[0].id)
            // Whoever claimed it finishes it; the other replica cannot.
            let owner = try #require(try await Self.owner(of: claims[0].id, in: stores))
            try await stores[owner].complete(actionID: claims[0].id, result: nil, now: 2_000)
        }
        #expect(order == order.sorted(), "a key's actions run in the order they were queued")
        #expect(try await stores[0].counts().actions[.done] == 40)
        await Self.close(stores)
    }

    /// The replica that holds the claim: the one whose `release` is not refused.
    static func owner(of id: Int64, in stores: [PostgresStore]) async throws -> Int? {
        for (index, store) in stores.enumerated() {
            do throws(StoreError) {
                try await store.release(actionID: id, at: 2_000)
                _ = try await store.claimDue(now: 2_000, limit: 10)
                return index
            } catch {
                guard error.code == .wrongState else { throw error }
            }
        }
        return nil
    }

    /// A replica that died loses its claims when their lease expires; another
    /// takes them over, and the old claim can no longer finish them.
    @Test func anExpiredLeaseIsTakenOverAndTheOldClaimRefused() async throws {
        let stores = try Self.replicas(2, lease: 5_000)
        let ids = try await StoreFixture.enqueue(stores[0], delivery: "1", [StoreFixture.action("k")])
        #expect(try await stores[0].claimDue(now: 1_000, limit: 10).map(\.id) == ids)
        #expect(try await stores[1].claimDue(now: 5_999, limit: 10).isEmpty, "the lease holds until 6 s")
        #expect(try await stores[1].recoverInFlight(now: 5_999) == 0, "a live replica's claim is not another's to recover")
        let taken = try await stores[1].claimDue(now: 6_000, limit: 10)
        #expect(taken.map(\.id) == ids)
        #expect(taken.first?.attempts == 0)
        await #expect(throws: StoreError.self) { try await stores[0].complete(actionID: ids[0], result: "late", now: 6_100) }
        try await stores[1].complete(actionID: ids[0], result: "bug 1", now: 6_100)
        #expect(try await stores[0].action(id: ids[0])?.result == "bug 1")
        await Self.close(stores)
    }

    /// New work queued through one replica wakes the others (`NOTIFY`);
    /// an event without actions wakes nobody.
    @Test func queuedWorkWakesTheOtherReplicas() async throws {
        let stores = try Self.replicas(2)
        let woken = Atomic(0)
        stores[1].onQueuedWork { woken.add(1, ordering: .relaxed) }
        // The listener connects on its own thread: let it start listening.
        try await Task.sleep(for: .milliseconds(300))
        _ = try await stores[0].append(StoreFixture.event("quiet"), actions: [])
        _ = try await stores[0].append(StoreFixture.event("work"), actions: [StoreFixture.action("k")])
        try await waitUntil("replica 1 hears of the work", timeout: .seconds(5)) { woken.load(ordering: .relaxed) >= 1 }
        try await Task.sleep(for: .milliseconds(200))
        #expect(woken.load(ordering: .relaxed) == 1)
        await Self.close(stores)
    }

    /// Retention deletes in batches of 1,000 rows: more than two batches'
    /// worth go, and only what is finished.
    @Test func retentionPrunesInBatches() async throws {
        let stores = try Self.replicas(1)
        let store = stores[0]
        let count = 2_100
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<count {
                group.addTask { _ = try await store.append(StoreFixture.event("e-\(n)", at: 1_000), actions: [StoreFixture.action("k\(n)")]) }
            }
            try await group.waitForAll()
        }
        let claimed = try await store.claimDue(now: 1_000, limit: count)
        #expect(claimed.count == count)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for action in claimed.dropLast() {
                group.addTask { try await store.complete(actionID: action.id, result: nil, now: 2_000) }
            }
            try await group.waitForAll()
        }
        let pruned = try await store.prune(olderThan: 3_000)
        #expect(pruned == PruneResult(events: count - 1, actions: count - 1))
        #expect(try await store.counts().actions[.inFlight] == 1, "the unfinished action and its event stay")
        await Self.close(stores)
    }

    /// The key table's row is the database's: what one replica saves, the
    /// other reads at once.
    @Test func theKeyTableIsShared() async throws {
        let stores = try Self.replicas(2)
        try await stores[0].saveKeyRecord(KeyRecord(bugID: "b-1", createdByAction: 4, updatedAt: 10), forDedupKey: "k")
        #expect(try await stores[1].keyRecord(forDedupKey: "k")?.bugID == "b-1")
        await Self.close(stores)
    }
}
