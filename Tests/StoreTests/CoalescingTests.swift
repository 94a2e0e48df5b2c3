import Store
import Testing

@Suite("Coalescing a key's queued repeats into the action ahead of them, on every implementation", .serialized)
struct CoalescingTests {
    @Test(arguments: StoreKind.allCases)
    func theRepeatsQueuedBehindALeaderAreDoneWithItInOneStep(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { (store: any EventStore) async throws in
            let leader = try await StoreFixture.enqueue(store, delivery: "1", [StoreFixture.action("k"), StoreFixture.action("other")])
            var repeats: [Int64] = []
            for delivery in 2...4 {
                repeats += try await StoreFixture.enqueue(store, delivery: "\(delivery)", [StoreFixture.action("k")], now: 1_000 + Int64(delivery))
            }
            let claimed = try await store.claimDue(now: 2_000, limit: 10)
            #expect(Set(claimed.map(\.id)) == Set(leader))
            let queued = try await store.queued(behind: leader[0], limit: 10)
            #expect(queued.map(\.id) == repeats)
            #expect(try await store.queued(behind: leader[0], limit: 2).map(\.id) == Array(repeats.prefix(2)))
            #expect(try await store.queued(behind: leader[1], limit: 10).isEmpty)

            try await store.coalesce(Array(repeats.prefix(2)), into: leader[0], now: 2_500)
            let members = try await store.coalesced(into: leader[0])
            #expect(members.map(\.id) == Array(repeats.prefix(2)))
            #expect(members.allSatisfy {
                $0.state == .done && $0.result == "coalesced into action \(leader[0])" && $0.finishedAt == 2_500 && $0.attempts == 0
            })
            #expect(try await store.queued(behind: leader[0], limit: 10).map(\.id) == [repeats[2]])
            // The leader's completion hands the key to the first repeat it did not take.
            try await store.complete(actionID: leader[0], result: "bug B: comment C", now: 3_000)
            #expect(try await store.claimDue(now: 3_000, limit: 10).map(\.id) == [repeats[2]])
            #expect(try await store.coalesced(into: repeats[2]).isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func nothingChangesUnlessEveryMemberIsPendingBehindAnInFlightLeader(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { (store: any EventStore) async throws in
            let leader = try await StoreFixture.enqueue(store, delivery: "1", [StoreFixture.action("k")])
            let behind = try await StoreFixture.enqueue(store, delivery: "2", [StoreFixture.action("k")])
            let otherKey = try await StoreFixture.enqueue(store, delivery: "3", [StoreFixture.action("elsewhere")])
            // Not in flight yet.
            await #expect(throws: StoreError.self) { try await store.coalesce(behind, into: leader[0], now: 2_000) }
            _ = try await store.claimDue(now: 2_000, limit: 1)
            let wrong = await #expect(throws: StoreError.self) {
                try await store.coalesce(behind + otherKey, into: leader[0], now: 2_000)
            }
            #expect(wrong?.code == .wrongState)
            #expect(try await store.action(id: behind[0])?.state == .pending)
            #expect(try await store.coalesced(into: leader[0]).isEmpty)
            // The leader itself is not behind itself.
            await #expect(throws: StoreError.self) { try await store.coalesce(leader, into: leader[0], now: 2_000) }
        }
    }
}
