import Store
import Testing

@Suite("Outbox claiming, retries and dead letters, on every implementation", .serialized)
struct OutboxTests {
    @Test(arguments: StoreKind.allCases)
    func onlyTheOldestUnfinishedActionOfAKeyIsClaimable(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { (store: any EventStore) async throws in
            let first = try await StoreFixture.enqueue(store, delivery: "1", [StoreFixture.action("k1"), StoreFixture.action("k2")])
            let second = try await StoreFixture.enqueue(store, delivery: "2", [StoreFixture.action("k1", "comment")])
            let claimed = try await store.claimDue(now: 1_000, limit: 10)
            #expect(Set(claimed.map(\.id)) == Set(first))
            #expect(claimed.allSatisfy { $0.state == .inFlight && $0.firstAttemptAt == 1_000 })
            // k1's comment waits while k1's create is in flight; k2 has nothing more.
            #expect(try await store.claimDue(now: 9_000, limit: 10).isEmpty)
            try await store.complete(actionID: first[0], result: "B-1", now: 1_100)
            let next = try await store.claimDue(now: 1_200, limit: 10)
            #expect(next.map(\.id) == second)
            let done = try #require(try await store.action(id: first[0]))
            #expect(done.state == .done && done.result == "B-1" && done.attempts == 1 && done.finishedAt == 1_100)
        }
    }

    /// A done action's output (its step result, JSON text) is kept beside
    /// its result, read back with it, and absent for the others.
    @Test(arguments: StoreKind.allCases)
    func aCompletedActionKeepsItsOutput(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { (store: any EventStore) async throws in
            let ids = try await StoreFixture.enqueue(store, delivery: "1", [StoreFixture.action("k"), StoreFixture.action("k")])
            _ = try await store.claimDue(now: 1_000, limit: 10)
            let output = #"{"found":true,"id":42,"name":"Jo\u00eb's laptop"}"#
            try await store.complete(actionID: ids[0], result: "asset 42", output: output, now: 1_100)
            _ = try await store.claimDue(now: 1_200, limit: 10)
            try await store.complete(actionID: ids[1], result: "done", now: 1_300)
            let actions = try await store.actions(ofEvent: try #require(try await store.action(id: ids[0])).eventID)
            #expect(actions.map(\.output) == [output, nil])
            #expect(actions.map(\.result) == ["asset 42", "done"])
            #expect(try await store.action(id: ids[0])?.output == output)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func claimRespectsAttemptTimeAndLimit(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { (store: any EventStore) async throws in
            _ = try await StoreFixture.enqueue(store, delivery: "1", (0..<5).map { StoreFixture.action("k\($0)") }, now: 2_000)
            #expect(try await store.claimDue(now: 1_999, limit: 10).isEmpty)
            #expect(try await store.claimDue(now: 2_000, limit: 3).count == 3)
            #expect(try await store.claimDue(now: 2_000, limit: 3).count == 2)
            await #expect(throws: StoreError.self) { try await store.claimDue(now: 2_000, limit: 0) }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func retryPersistsTheScheduleAndKeepsTheKeyInOrder(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { (store: any EventStore) async throws in
            let ids = try await StoreFixture.enqueue(store, delivery: "1", [StoreFixture.action("k"), StoreFixture.action("k")])
            _ = try await store.claimDue(now: 1_000, limit: 10)
            try await store.retry(actionID: ids[0], at: 5_000, error: "503 Service Unavailable", now: 1_050)
            let waiting = try #require(try await store.action(id: ids[0]))
            #expect(waiting.state == .pending && waiting.attempts == 1 && waiting.nextAttemptAt == 5_000)
            #expect(waiting.lastError == "503 Service Unavailable" && waiting.firstAttemptAt == 1_000)
            // Neither the retried action nor the one behind it is due before 5 s.
            #expect(try await store.claimDue(now: 4_999, limit: 10).isEmpty)
            #expect(try await store.claimDue(now: 5_000, limit: 10).map(\.id) == [ids[0]])
            #expect(try await store.claimDue(now: 1_000_000, limit: 10).isEmpty)  // the key's head is in flight
            #expect(try await store.action(id: ids[0])?.firstAttemptAt == 1_000)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func releaseGivesBackWithoutSpendingAnAttempt(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { (store: any EventStore) async throws in
            let ids = try await StoreFixture.enqueue(store, delivery: "1", [StoreFixture.action("k")])
            _ = try await store.claimDue(now: 1_000, limit: 10)
            try await store.release(actionID: ids[0], at: 3_000)
            let action = try #require(try await store.action(id: ids[0]))
            #expect(action.state == .pending && action.attempts == 0 && action.nextAttemptAt == 3_000)
            #expect(try await store.claimDue(now: 3_000, limit: 10).map(\.id) == ids)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func outcomesNeedAnInFlightAction(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { (store: any EventStore) async throws in
            let ids = try await StoreFixture.enqueue(store, delivery: "1", [StoreFixture.action("k")])
            let notClaimed = await #expect(throws: StoreError.self) {
                try await store.complete(actionID: ids[0], result: nil, now: 1)
            }
            #expect(notClaimed?.code == .wrongState)
            let missing = await #expect(throws: StoreError.self) {
                try await store.retry(actionID: 4242, at: 1, error: "x", now: 1)
            }
            #expect(missing?.code == .notFound)
            await #expect(throws: StoreError.self) { try await store.deadLetter(actionID: ids[0], error: "x", now: 1) }
            await #expect(throws: StoreError.self) { try await store.release(actionID: ids[0], at: 1) }
            #expect(try await store.action(id: ids[0])?.state == .pending)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func deadLettersKeepTheirErrorAndFreeTheirKey(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { (store: any EventStore) async throws in
            let ids = try await StoreFixture.enqueue(store, delivery: "1", [StoreFixture.action("k"), StoreFixture.action("k")])
            _ = try await store.claimDue(now: 1_000, limit: 10)
            try await store.deadLetter(actionID: ids[0], error: "400 bad project", now: 1_100)
            let dead = try #require(try await store.action(id: ids[0]))
            #expect(dead.state == .dead && dead.lastError == "400 bad project" && dead.attempts == 1)
            #expect(try await store.claimDue(now: 1_200, limit: 10).map(\.id) == [ids[1]])
            #expect(try await store.counts().actions == [.pending: 0, .inFlight: 1, .done: 0, .dead: 1, .dropped: 0])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func retryAllDeadRequeuesBehindTheKeysUnfinishedActions(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { (store: any EventStore) async throws in
            let ids = try await StoreFixture.enqueue(store, delivery: "1", [
                StoreFixture.action("k"), StoreFixture.action("k"), StoreFixture.action("solo"),
            ])
            _ = try await store.claimDue(now: 1_000, limit: 10)  // ids[0] and ids[2]
            try await store.deadLetter(actionID: ids[0], error: "boom", now: 1_000)
            try await store.deadLetter(actionID: ids[2], error: "boom", now: 1_000)
            #expect(try await store.retryAllDead(now: 2_000) == 2)
            let retried = try #require(try await store.action(id: ids[0]))
            #expect(retried.state == .pending && retried.attempts == 0 && retried.nextAttemptAt == 2_000)
            #expect(retried.finishedAt == nil && retried.firstAttemptAt == nil)
            // ids[1] went ahead of the retried ids[0]; "solo" had nothing queued.
            #expect(Set(try await store.claimDue(now: 2_000, limit: 10).map(\.id)) == [ids[1], ids[2]])
            try await store.complete(actionID: ids[1], result: nil, now: 2_100)
            #expect(try await store.claimDue(now: 2_100, limit: 10).map(\.id) == [ids[0]])
            #expect(try await store.retryAllDead(now: 3_000) == 0)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func operatorRetryAndDropFollowTheState(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { (store: any EventStore) async throws in
            let ids = try await StoreFixture.enqueue(store, delivery: "1", [
                StoreFixture.action("k"), StoreFixture.action("k"), StoreFixture.action("j"),
            ])
            _ = try await store.claimDue(now: 1_000, limit: 1)  // ids[0]
            let inFlight = await #expect(throws: StoreError.self) { try await store.dropAction(id: ids[0], now: 1) }
            #expect(inFlight == StoreError(
                .wrongState, "action \(ids[0]) is in_flight; only pending or dead actions can be dropped"))
            await #expect(throws: StoreError.self) { try await store.retryAction(id: ids[0], now: 1) }
            try await store.complete(actionID: ids[0], result: nil, now: 1_000)
            let done = await #expect(throws: StoreError.self) { try await store.retryAction(id: ids[0], now: 1) }
            #expect(done?.message == "action \(ids[0]) is done; only pending, dead or dropped actions can be retried")
            await #expect(throws: StoreError.self) { try await store.dropAction(id: ids[0], now: 1) }
            // A pending action retried now is due now.
            _ = try await store.claimDue(now: 1_000, limit: 10)  // ids[1], ids[2]
            try await store.retry(actionID: ids[2], at: 90_000, error: "later", now: 1_000)
            try await store.retryAction(id: ids[2], now: 1_500)
            #expect(try await store.action(id: ids[2])?.nextAttemptAt == 1_500)
            try await store.dropAction(id: ids[2], now: 1_600)
            let dropped = try #require(try await store.action(id: ids[2]))
            #expect(dropped.state == .dropped && dropped.finishedAt == 1_600)
            #expect(try await store.claimDue(now: 2_000, limit: 10).isEmpty)
            // A dropped action can be brought back by an operator.
            try await store.retryAction(id: ids[2], now: 2_500)
            #expect(try await store.claimDue(now: 2_500, limit: 10).map(\.id) == [ids[2]])
            let missing = await #expect(throws: StoreError.self) { try await store.dropAction(id: 777, now: 1) }
            #expect(missing?.code == .notFound)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func droppingAKeysHeadLetsTheNextOneGo(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { (store: any EventStore) async throws in
            let ids = try await StoreFixture.enqueue(store, delivery: "1", [StoreFixture.action("k"), StoreFixture.action("k")],
                                                     now: 5_000)
            try await store.dropAction(id: ids[0], now: 100)
            #expect(try await store.claimDue(now: 5_000, limit: 10).map(\.id) == [ids[1]])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func recoverInFlightMakesCrashedClaimsDueAgain(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { (store: any EventStore) async throws in
            let ids = try await StoreFixture.enqueue(store, delivery: "1", [StoreFixture.action("a"), StoreFixture.action("b")])
            _ = try await store.claimDue(now: 1_000, limit: 10)
            #expect(try await store.recoverInFlight(now: 7_000) == 2)
            let recovered = try #require(try await store.action(id: ids[0]))
            #expect(recovered.state == .pending && recovered.attempts == 0 && recovered.nextAttemptAt == 7_000)
            #expect(try await store.claimDue(now: 6_999, limit: 10).isEmpty)
            #expect(Set(try await store.claimDue(now: 7_000, limit: 10).map(\.id)) == Set(ids))
            #expect(try await store.recoverInFlight(now: 8_000) == 2)
            #expect(try await store.recoverInFlight(now: 8_000) == 0)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func listingPagesByStateAndId(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { (store: any EventStore) async throws in
            let ids = try await StoreFixture.enqueue(store, delivery: "1", (0..<5).map { StoreFixture.action("k\($0)") })
            _ = try await store.claimDue(now: 1_000, limit: 1)
            try await store.deadLetter(actionID: ids[0], error: "x", now: 1_000)
            #expect(try await store.actions(state: .dead, afterID: 0, limit: 10).map(\.id) == [ids[0]])
            let page1 = try await store.actions(state: .pending, afterID: 0, limit: 2)
            let page2 = try await store.actions(state: .pending, afterID: page1.last?.id ?? 0, limit: 2)
            #expect(page1.map(\.id) == [ids[1], ids[2]])
            #expect(page2.map(\.id) == [ids[3], ids[4]])
            #expect(try await store.actions(state: nil, afterID: ids[3], limit: 10).map(\.id) == [ids[4]])
            #expect(try await store.actions(state: .done, afterID: 0, limit: 10).isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func pruneRemovesOnlyOldFinishedWork(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { (store: any EventStore) async throws in
            let old = try await StoreFixture.enqueue(store, delivery: "old", [StoreFixture.action("a")], now: 1_000)
            let deadOnes = try await StoreFixture.enqueue(store, delivery: "dead", [StoreFixture.action("b")], now: 1_000)
            let waiting = try await StoreFixture.enqueue(store, delivery: "wait", [StoreFixture.action("c")], now: 1_000)
            let silent = try await store.append(StoreFixture.event("silent")).id
            try await store.dispatch(eventID: silent, actions: [], now: 1_000)
            let undispatched = try await store.append(StoreFixture.event("undispatched")).id
            _ = try await store.claimDue(now: 1_000, limit: 10)
            try await store.complete(actionID: old[0], result: "B", now: 1_000)
            try await store.deadLetter(actionID: deadOnes[0], error: "x", now: 1_000)
            try await store.retry(actionID: waiting[0], at: 99_000, error: "x", now: 1_000)
            let recent = try await StoreFixture.enqueue(store, delivery: "recent", [StoreFixture.action("d")], now: 50_000)
            _ = try await store.claimDue(now: 50_000, limit: 10)
            try await store.complete(actionID: recent[0], result: nil, now: 50_000)

            let pruned = try await store.prune(olderThan: 10_000)
            #expect(pruned == PruneResult(events: 2, actions: 1))  // "old" and "silent"; old's action
            #expect(try await store.action(id: old[0]) == nil)
            #expect(try await store.event(id: silent) == nil)
            #expect(try await store.action(id: deadOnes[0])?.state == .dead)
            #expect(try await store.action(id: waiting[0])?.state == .pending)
            #expect(try await store.action(id: recent[0])?.state == .done)
            #expect(try await store.event(id: undispatched)?.state == .pending)
            #expect(try await store.prune(olderThan: 10_000) == PruneResult(events: 0, actions: 0))
            // A pruned delivery id may arrive again: it is new then.
            #expect(try await store.append(StoreFixture.event("silent")).isDuplicate == false)
        }
    }
}
