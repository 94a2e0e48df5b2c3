import Store
import Testing

@Suite("Inbound events, on every implementation", .serialized)
struct InboundTests {
    @Test(arguments: StoreKind.allCases)
    func appendedEventReadsBackWhole(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { (store: any EventStore) async throws in
            let event = StoreFixture.event("d-1", at: 1_234)
            let result = try await store.append(event)
            #expect(result == .stored(result.id))
            let stored = try #require(try await store.event(id: result.id))
            #expect(stored.source == "github")
            #expect(stored.deliveryID == "d-1")
            #expect(stored.name == "workflow_run")
            #expect(stored.receivedAt == 1_234)
            #expect(stored.headers == event.headers)
            #expect(stored.payload == event.payload)
            #expect(stored.state == .pending)
            #expect(stored.dispatchedAt == nil)
            #expect(try await store.event(id: result.id + 1000) == nil)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func redeliveryIsADuplicateAndWritesNothing(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { (store: any EventStore) async throws in
            let first = try await store.append(StoreFixture.event("same"))
            let again = try await store.append(StoreFixture.event("same", payload: #"{"changed":true}"#))
            #expect(again == .duplicate(first.id))
            #expect(again.isDuplicate)
            let other = try await store.append(StoreFixture.event("same", source: "gitlab"))
            #expect(!other.isDuplicate && other.id != first.id)
            #expect(try await store.pendingEvents(limit: 10).map(\.id) == [first.id, other.id])
            #expect(try await store.event(id: first.id)?.payload == Array(#"{"a":1}"#.utf8))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func completionAppendReportsAfterStoring(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { (store: any EventStore) async throws in
            let result = await withCheckedContinuation { continuation in
                store.append(StoreFixture.event("cb"), actions: nil) { continuation.resume(returning: $0) }
            }
            let id = try result.get().id
            #expect(try await store.event(id: id)?.deliveryID == "cb")
            let bad = await withCheckedContinuation { continuation in
                store.append(StoreFixture.event(""), actions: nil) { continuation.resume(returning: $0) }
            }
            #expect(throws: StoreError.self) { try bad.get() }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func emptySourceOrDeliveryIsRefused(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { (store: any EventStore) async throws in
            await #expect(throws: StoreError(.invalidArgument, "event source is empty")) {
                try await store.append(StoreFixture.event("x", source: ""))
            }
            await #expect(throws: StoreError(.invalidArgument, "event delivery id is empty")) {
                try await store.append(StoreFixture.event(""))
            }
            #expect(try await store.counts().pendingEvents == 0)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func dispatchRecordsActionsAndMarksTheEventAtomically(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { (store: any EventStore) async throws in
            let id = try await store.append(StoreFixture.event("e")).id
            let ids = try await store.dispatch(
                eventID: id, actions: [StoreFixture.action("k1"), StoreFixture.action("k1", "comment")], now: 5_000)
            #expect(ids.count == 2)
            #expect(try await store.pendingEvents(limit: 10).isEmpty)
            let event = try #require(try await store.event(id: id))
            #expect(event.state == .dispatched && event.dispatchedAt == 5_000)
            let second = try #require(try await store.action(id: ids[1]))
            #expect(second.eventID == id && second.sequence == 1 && second.kind == "comment")
            #expect(second.state == .pending && second.attempts == 0 && second.nextAttemptAt == 5_000)
            #expect(second.payload == StoreFixture.action("k1", "comment").payload)
            // A second dispatch of the same event changes nothing.
            await #expect(throws: StoreError.self) {
                try await store.dispatch(eventID: id, actions: [StoreFixture.action("k9")], now: 6_000)
            }
            #expect(try await store.counts().actions[.pending] == 2)
            let missing = await #expect(throws: StoreError.self) {
                try await store.dispatch(eventID: 999, actions: [], now: 1)
            }
            #expect(missing?.code == .notFound)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func eventsWithoutActionsAreDispatchedToo(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { (store: any EventStore) async throws in
            let ids = try await StoreFixture.enqueue(store, delivery: "none", [])
            #expect(ids.isEmpty)
            #expect(try await store.counts() == StoreCounts(pendingEvents: 0, actions: [:]))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func pendingEventsComeOldestFirstUpToTheLimit(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { (store: any EventStore) async throws in
            var ids: [Int64] = []
            for index in 0..<5 { ids.append(try await store.append(StoreFixture.event("p\(index)")).id) }
            #expect(try await store.pendingEvents(limit: 3).map(\.id) == Array(ids.prefix(3)))
            #expect(try await store.pendingEvents(afterID: ids[2], limit: 10).map(\.id) == Array(ids.suffix(2)))
            await #expect(throws: StoreError.self) { try await store.pendingEvents(limit: 0) }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func keyRecordsRememberBugAndLastComment(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { (store: any EventStore) async throws in
            #expect(try await store.keyRecord(forDedupKey: "repo/wf/main") == nil)
            try await store.saveKeyRecord(KeyRecord(bugID: "B-17", updatedAt: 10), forDedupKey: "repo/wf/main")
            #expect(try await store.keyRecord(forDedupKey: "repo/wf/main")?.bugID == "B-17")
            let full = KeyRecord(bugID: "B-17", lastCommentHash: "abc", resolvedAt: 20, createdByAction: 7, updatedAt: 30)
            try await store.saveKeyRecord(full, forDedupKey: "repo/wf/main")
            #expect(try await store.keyRecord(forDedupKey: "repo/wf/main") == full)
            try await store.saveKeyRecord(KeyRecord(bugID: "B-18", updatedAt: 40), forDedupKey: "repo/wf/main")
            #expect(try await store.keyRecord(forDedupKey: "repo/wf/main") == KeyRecord(bugID: "B-18", updatedAt: 40))
            #expect(try await store.keyRecord(forDedupKey: "other") == nil)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aClosedStoreRefusesWork(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { (store: any EventStore) async throws in
            await store.close()
            let error = await #expect(throws: StoreError.self) { try await store.append(StoreFixture.event("late")) }
            #expect(error?.code == .closed)
        }
    }
}
