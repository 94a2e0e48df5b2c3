import Bridge
import Foundation
import JSON
import Store
import Testing
import TestSupport

/// Sniffer misbehaving: an outage with Retry-After, lost responses, an
/// expired token. Whatever happens, every event's actions land exactly once.
@Suite(.serialized) struct FaultTests {
    /// Posts `events`, each expecting 202.
    func post(_ events: [CIEvent], _ harness: PipelineHarness, _ gateway: Gateway) async throws {
        for event in events {
            let answer = try await harness.post(event.body, to: gateway)
            #expect(answer.status == 202)
        }
    }

    /// One bug per key, and on each exactly the comments of its later events, none twice.
    func expectExactlyOnce(_ events: [CIEvent], _ harness: PipelineHarness) async throws {
        let bugs = try await harness.inspector.bugs()
        let keys = Set(events.map(\.dedupKey))
        #expect(bugs.count == keys.count)
        #expect(Set(bugs.compactMap(\.integrationKey)) == keys)
        let comments = try await harness.inspector.comments().map(\.text)
        #expect(comments.count == Set(comments).count, "a comment was posted twice")
        let expected = Set(events.filter { $0.run > 1 }.map { "Failed again: run \($0.run) (failure) \($0.url)" })
        #expect(Set(comments) == expected)
    }

    @Test func outageWithRetryAfterIsWaitedOutThenEverythingIsDelivered() async throws {
        let harness = try PipelineHarness()
        harness.simulator.addFault(
            try SimFaultJSON.make(["route": "*", "status": 503, "retryAfter": "1", "times": 8]))
        let gateway = try await harness.startGateway()
        let events = (1...4).flatMap { key in (1...2).map { CIEvent(key: key, run: $0) } }
        let start = ContinuousClock.now
        try await post(events, harness, gateway)
        try await harness.drain(gateway)
        let elapsed = ContinuousClock.now - start
        let dead = try await gateway.store.actions(state: .dead, afterID: 0, limit: 10)
        let retried = try await gateway.store.actions(state: .done, afterID: 0, limit: 100).filter { $0.attempts > 1 }
        await gateway.stop()
        #expect(dead.isEmpty)
        #expect(!retried.isEmpty)
        // The backoff alone (10 ms base, 200 ms cap) would be done well within a second.
        #expect(elapsed >= .seconds(1), "Retry-After: 1 was not respected (\(elapsed))")
        try await expectExactlyOnce(events, harness)
    }

    @Test func lostResponsesNeverFileOrCommentTwice() async throws {
        let harness = try PipelineHarness()
        harness.simulator.addFault(try SimFaultJSON.make(["method": "POST", "route": "/bug", "action": "applyThenDrop", "times": 4]))
        harness.simulator.addFault(
            try SimFaultJSON.make(["method": "POST", "route": "/comment", "action": "applyThenDrop", "times": 4]))
        let gateway = try await harness.startGateway()
        let events = (1...5).flatMap { key in (1...3).map { CIEvent(key: key, run: $0) } }
        try await post(events, harness, gateway)
        try await harness.drain(gateway)
        let dead = try await gateway.store.actions(state: .dead, afterID: 0, limit: 10)
        await gateway.stop()
        #expect(dead.isEmpty)
        let dropped = harness.simulator.receivedRequests.filter { $0.status == 0 }
        #expect(dropped.count == 8, "the faults did not all fire")
        try await expectExactlyOnce(events, harness)
    }

    @Test func expiredTokenPausesWithoutDeadLettersAndANewTokenDeliversEverything() async throws {
        let harness = try PipelineHarness(maxAttempts: 2)
        let events = (1...4).flatMap { key in (1...3).map { CIEvent(key: key, run: $0) } }
        // The token expires on the first comment: creates went through, comments wait.
        harness.simulator.addFault(try SimFaultJSON.make(["method": "POST", "route": "/comment", "action": "expireToken"]))
        let clock = ManualClock()
        let first = try await harness.startGateway(clock: clock)
        try await post(events, harness, first)
        try await waitUntil("deliveries pause") { first.notReadyReason != nil }
        #expect(first.notReadyReason?.contains("API token has expired") == true)
        // Paused: time passes, nothing is sent, attempts are not spent, nothing is dead.
        let sent = try await Self.pausedWhileTimePasses(first, clock, harness)
        let counts = try await first.counts()
        let pending = try await first.store.actions(state: .pending, afterID: 0, limit: 100)
        await first.stop()
        #expect(harness.simulator.receivedRequests.count == sent, "a paused gateway kept sending")
        #expect(counts.actions[.dead] == 0)
        #expect(counts.actions[.pending, default: 0] > 0)
        #expect(!pending.isEmpty && pending.allSatisfy { $0.attempts == 0 })
        let pauses = harness.logs.records.filter { $0.message.hasPrefix("Deliveries paused") }
        #expect(pauses.count == 1, "the pause was not logged exactly once")

        let newToken = harness.simulator.mintToken(company: harness.simulator.seed.company, lifetime: 3_600)
        let second = try await harness.startGateway(token: newToken, clock: clock)
        try await harness.drain(second, clock: clock)
        let after = try await second.counts()
        await second.stop()
        #expect(after.actions[.dead] == 0)
        try await expectExactlyOnce(events, harness)
    }

    /// Once the refused deliveries are back in the outbox, moves the
    /// gateway's clock on by a minute (far past every retry delay) three
    /// times, each time until the dispatch and delivery loops have looked
    /// again and gone back to sleep; returns how many requests the simulator
    /// had seen when the pause settled (a paused gateway sends no more).
    static func pausedWhileTimePasses(_ gateway: Gateway, _ clock: ManualClock, _ harness: PipelineHarness) async throws -> Int {
        try await waitUntil("the refused deliveries are released") {
            try await gateway.counts().actions[.inFlight, default: 0] == 0
        }
        let sent = harness.simulator.receivedRequests.count
        for _ in 1...3 {
            let later = clock.advance(by: .seconds(60))
            try await waitUntil("the loops looked again") { clock.sleepers(since: later) >= 2 }
        }
        return sent
    }
}
