import Foundation
import Store
import Testing
import TestSupport

@Suite("Appending an event with its actions, on every implementation", .serialized)
struct AppendWithActionsTests {
    @Test(arguments: StoreKind.allCases)
    func theEventIsStoredDispatchedWithItsActionsQueuedInOrder(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { (store: any EventStore) async throws in
            let actions = [StoreFixture.action("k", "create"), StoreFixture.action("k", "comment")]
            let result = try await store.append(StoreFixture.event("d-1", at: 1_500), actions: actions)
            #expect(result == .dispatched(result.id))
            let event = try #require(try await store.event(id: result.id))
            #expect(event.state == .dispatched)
            #expect(event.dispatchedAt == 1_500)
            #expect(try await store.pendingEvents(limit: 10).isEmpty)
            let queued = try await store.actions(state: nil, afterID: 0, limit: 10)
            #expect(queued.map(\.kind) == ["create", "comment"])
            #expect(queued.map(\.sequence) == [0, 1])
            #expect(queued.allSatisfy { $0.eventID == result.id && $0.nextAttemptAt == 1_500 && $0.createdAt == 1_500 })
            // One key, one at a time: only the first is claimable.
            #expect(try await store.claimDue(now: 1_500, limit: 10).map(\.kind) == ["create"])
            #expect(try await store.counts() == StoreCounts(pendingEvents: 0, actions: [.pending: 1, .inFlight: 1]))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func noActionsMeansDispatchedWithNothingQueued(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { (store: any EventStore) async throws in
            let result = try await store.append(StoreFixture.event("d-1"), actions: [])
            #expect(result == .dispatched(result.id))
            #expect(try await store.event(id: result.id)?.state == .dispatched)
            #expect(try await store.counts() == StoreCounts(pendingEvents: 0, actions: [:]))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aRedeliveryWithActionsIsADuplicateAndQueuesNothing(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { (store: any EventStore) async throws in
            let first = try await store.append(StoreFixture.event("same"), actions: [StoreFixture.action("k")])
            let again = try await store.append(StoreFixture.event("same"), actions: [StoreFixture.action("k")])
            #expect(again == .duplicate(first.id))
            #expect(try await store.actions(state: nil, afterID: 0, limit: 10).count == 1)
        }
    }

    /// Per-key order: an event that arrives while an older one still waits
    /// for the dispatcher waits too, so its actions cannot overtake.
    @Test(arguments: StoreKind.allCases)
    func freshEventsWaitBehindPendingOnesUntilTheyAreDispatched(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { (store: any EventStore) async throws in
            let old = try await store.append(StoreFixture.event("old"))
            #expect(old == .stored(old.id))
            let fresh = try await store.append(StoreFixture.event("fresh"), actions: [StoreFixture.action("k")])
            #expect(fresh == .stored(fresh.id))
            #expect(try await store.pendingEvents(limit: 10).map(\.id) == [old.id, fresh.id])
            #expect(try await store.actions(state: nil, afterID: 0, limit: 10).isEmpty)
            try await store.dispatch(eventID: old.id, actions: [StoreFixture.action("k", "create")], now: 2_000)
            try await store.dispatch(eventID: fresh.id, actions: [StoreFixture.action("k", "comment")], now: 2_000)
            // Nothing waits any more: the next one goes straight to the outbox.
            let next = try await store.append(StoreFixture.event("next"), actions: [StoreFixture.action("k", "status")])
            #expect(next == .dispatched(next.id))
            #expect(try await store.actions(state: nil, afterID: 0, limit: 10).map(\.kind) == ["create", "comment", "status"])
        }
    }

    /// A power loss takes the unsynced commit with the actions; the payload
    /// log brings the event back pending, for the dispatcher to redo.
    @Test func afterLosingTheWALTheEventIsPendingAgain() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(configuration: .init(
            directory: directory.path, durability: .fsync, walAutocheckpointPages: 1_000_000))
        let appended = try await store.append(StoreFixture.event("p-1"), actions: [StoreFixture.action("k")])
        #expect(appended == .dispatched(appended.id))
        let snapshot = try PayloadLogTests.powerLossSnapshot(of: directory.path)
        defer { snapshot.remove() }
        await store.close()

        let reopened = try SQLiteStore(directory: snapshot.path)
        #expect(try await reopened.pendingEvents(limit: 10).map(\.id) == [appended.id])
        #expect(try await reopened.actions(state: nil, afterID: 0, limit: 10).isEmpty)
        // Fresh events queue behind it until it is dispatched again.
        let fresh = try await reopened.append(StoreFixture.event("p-2"), actions: [StoreFixture.action("k")])
        #expect(fresh == .stored(fresh.id))
        await reopened.close()
    }
}
