import Store
import Testing

@Suite("Listing events and deliveries by filter, newest first, on every implementation", .serialized)
struct BrowsingTests {
    /// Three events: github at 1,000 (two actions, keys `gh:web#1` and
    /// `gh:api#2`), gitlab at 2,000 (one, `gl:web#3`), github at 3,000 (none, pending).
    static func seed(_ store: any EventStore) async throws -> (events: [Int64], actions: [Int64]) {
        let first = try await store.append(StoreFixture.event("1", at: 1_000)).id
        let firstActions = try await store.dispatch(
            eventID: first, actions: [StoreFixture.action("gh:web#1"), StoreFixture.action("gh:api#2")], now: 1_000)
        let second = try await store.append(StoreFixture.event("2", source: "gitlab", at: 2_000)).id
        let secondActions = try await store.dispatch(eventID: second, actions: [StoreFixture.action("gl:web#3")], now: 2_000)
        let third = try await store.append(StoreFixture.event("3", at: 3_000)).id
        return ([first, second, third], firstActions + secondActions)
    }

    @Test(arguments: StoreKind.allCases)
    func eventsAreFilteredAndPagedNewestFirst(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { (store: any EventStore) async throws in
            let (events, _) = try await Self.seed(store)
            let all = try await store.events(matching: EventQuery())
            #expect(all.map(\.id) == events.reversed())
            #expect(all.map(\.actions) == [0, 1, 2])
            #expect(all.last?.deliveryID == "1" && all.last?.source == "github" && all.last?.state == .dispatched)
            #expect(all.first?.state == .pending && all.first?.dispatchedAt == nil)
            #expect(try await store.events(matching: EventQuery(source: "github")).map(\.id) == [events[2], events[0]])
            #expect(try await store.events(matching: EventQuery(state: .pending)).map(\.id) == [events[2]])
            #expect(try await store.events(matching: EventQuery(since: 2_000)).map(\.id) == [events[2], events[1]])
            #expect(try await store.events(matching: EventQuery(until: 2_000)).map(\.id) == [events[0]])
            #expect(try await store.events(matching: EventQuery(keyContains: "web#")).map(\.id) == [events[1], events[0]])
            #expect(try await store.events(matching: EventQuery(keyContains: "api")).map(\.id) == [events[0]])
            #expect(try await store.events(matching: EventQuery(keyContains: "%")).isEmpty, "a LIKE wildcard is plain text")
            let page = try await store.events(matching: EventQuery(limit: 2))
            #expect(page.map(\.id) == [events[2], events[1]])
            #expect(try await store.events(matching: EventQuery(before: events[1], limit: 2)).map(\.id) == [events[0]])
            await #expect(throws: StoreError.self) { try await store.events(matching: EventQuery(limit: 0)) }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func actionsAreFilteredByStateSourceAndKey(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { (store: any EventStore) async throws in
            let (_, actions) = try await Self.seed(store)
            _ = try await store.claimDue(now: 5_000, limit: 10)
            try await store.deadLetter(actionID: actions[0], error: "400 Bad Request", now: 5_100)
            try await store.deadLetter(actionID: actions[2], error: "400 Bad Request", now: 5_100)
            #expect(try await store.actions(matching: ActionQuery()).map(\.id) == actions.reversed())
            #expect(try await store.actions(matching: ActionQuery(state: .dead)).map(\.id) == [actions[2], actions[0]])
            #expect(try await store.actions(matching: ActionQuery(state: .dead, source: "github")).map(\.id) == [actions[0]])
            #expect(try await store.actions(matching: ActionQuery(keyContains: "web")).map(\.id) == [actions[2], actions[0]])
            #expect(try await store.actions(matching: ActionQuery(source: "jira")).isEmpty)
            #expect(try await store.actions(matching: ActionQuery(before: actions[2], limit: 1)).map(\.id) == [actions[1]])
            let dead = try #require(try await store.actions(matching: ActionQuery(state: .dead, limit: 1)).first)
            #expect(dead.lastError == "400 Bad Request" && dead.attempts == 1)
        }
    }
}

@Suite("Each delivery attempt recorded with its answer, on every implementation", .serialized)
struct AttemptHistoryTests {
    @Test(arguments: StoreKind.allCases)
    func everyOutcomeIsRecordedInOrderAndPrunedWithItsAction(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { (store: any EventStore) async throws in
            let ids = try await StoreFixture.enqueue(store, delivery: "1", [StoreFixture.action("k1"), StoreFixture.action("k2")])
            _ = try await store.claimDue(now: 1_000, limit: 10)
            try await store.retry(actionID: ids[0], at: 2_000, error: "503 Service Unavailable", now: 1_100)
            try await store.release(actionID: ids[1], at: 2_000)
            _ = try await store.claimDue(now: 2_000, limit: 10)
            try await store.deadLetter(actionID: ids[0], error: "400 Bad Request: summary", now: 2_100)
            try await store.complete(actionID: ids[1], result: "bug B-7", now: 2_200)
            // An operator retry starts the count again; the history stays.
            try await store.retryAction(id: ids[0], now: 3_000)
            _ = try await store.claimDue(now: 3_000, limit: 10)
            try await store.complete(actionID: ids[0], result: "bug B-8", now: 3_100)

            #expect(try await store.attempts(ofAction: ids[0]) == [
                DeliveryAttempt(actionID: ids[0], number: 1, at: 1_100, outcome: .retry, answer: "503 Service Unavailable"),
                DeliveryAttempt(actionID: ids[0], number: 2, at: 2_100, outcome: .dead, answer: "400 Bad Request: summary"),
                DeliveryAttempt(actionID: ids[0], number: 1, at: 3_100, outcome: .done, answer: "bug B-8"),
            ])
            #expect(try await store.attempts(ofAction: ids[1]) == [
                DeliveryAttempt(actionID: ids[1], number: 1, at: 2_200, outcome: .done, answer: "bug B-7"),
            ], "a release spends no attempt and records none")
            #expect(try await store.attempts(ofAction: 999).isEmpty)

            try await store.prune(olderThan: 10_000)
            #expect(try await store.attempts(ofAction: ids[0]).isEmpty)
            #expect(try await store.attempts(ofAction: ids[1]).isEmpty)
        }
    }
}

@Suite("What happened since a time, on every implementation", .serialized)
struct ActivityTests {
    @Test(arguments: StoreKind.allCases)
    func eventsBySourceAndAttemptsByKindAndOutcomeSinceATime(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { (store: any EventStore) async throws in
            let (_, actions) = try await BrowsingTests.seed(store)
            _ = try await store.claimDue(now: 2_500, limit: 10)
            try await store.complete(actionID: actions[0], result: "bug 1", now: 2_600)
            try await store.retry(actionID: actions[1], at: 9_000, error: "503", now: 2_700)
            try await store.deadLetter(actionID: actions[2], error: "400", now: 1_500)
            let activity = try await store.activity(since: 2_000)
            #expect(activity.events == ["gitlab": 1, "github": 1])
            #expect(activity.attempts == ["create": [.done: 1, .retry: 1]])
            #expect(try await store.activity(since: 0).events == ["github": 2, "gitlab": 1])
            #expect(try await store.activity(since: 0).attempts == ["create": [.done: 1, .retry: 1, .dead: 1]])
            #expect(try await store.activity(since: 10_000) == StoreActivity(since: 10_000))
        }
    }
}
