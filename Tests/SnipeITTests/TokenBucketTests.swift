import Foundation
import SnipeIT
import SnipeITSim
import TestSupport
import Testing

/// The client's own rate limit, on a manual clock: many callers at once go
/// through at the configured rate, in order, none lost.
@Suite struct TokenBucketTests {
    @Test func threeHundredQueuedCallsGoAtTheConfiguredRate() async throws {
        let clock = ManualSnipeITClock()
        let f = SnipeITFixture(clock: clock, configureClient: { configuration in
            configuration.requestsPerMinute = 120
            configuration.burst = 10
        })
        let client = f.client
        let calls = (0..<300).map { index in
            Task { await client.assetByTag(index.isMultiple(of: 2) ? "LAPTOP-0001" : "MON-0001").value?.first?.id }
        }
        // The burst goes at once; every other call waits for its token.
        try await waitUntil("the burst is sent and the rest wait") { f.apiRequests == 10 && clock.sleeperCount == 290 }
        var elapsed = Duration.zero
        while f.apiRequests < 300 {
            clock.advance(by: .seconds(5))
            elapsed += .seconds(5)
            // 120 a minute is one every 0.5 s: ten more every 5 s, never one more.
            let allowed = min(300, 10 + Int(elapsed / .milliseconds(500)))
            try await waitUntil("\(allowed) sent after \(elapsed)") { f.apiRequests == allowed }
            try await Task.sleep(for: .milliseconds(5))
            #expect(f.apiRequests == allowed)
        }
        #expect(elapsed == .seconds(145))
        var ids: [Int?] = []
        for call in calls { ids.append(await call.value) }
        #expect(ids.count == 300)
        #expect(ids.allSatisfy { $0 != nil })
        #expect(clock.sleeperCount == 0)
    }

    @Test func theBurstRefillsAfterAQuietSpell() async throws {
        let clock = ManualSnipeITClock()
        let bucket = SnipeITTokenBucket(requestsPerMinute: 60, burst: 3, clock: clock)
        for _ in 0..<3 { try await bucket.acquire() }
        clock.advance(by: .seconds(60))
        // A minute later the bucket is full again: three at once, the fourth waits a second.
        for _ in 0..<3 { try await bucket.acquire() }
        let fourth = Task { try await bucket.acquire() }
        try await waitUntil("the fourth waits") { clock.sleeperCount == 1 }
        clock.advance(by: .seconds(1))
        try await fourth.value
    }

    @Test func aCancelledWaitGivesUpItsToken() async throws {
        let clock = ManualSnipeITClock()
        let bucket = SnipeITTokenBucket(requestsPerMinute: 60, burst: 1, clock: clock)
        try await bucket.acquire()
        let waiting = Task { try await bucket.acquire() }
        try await waitUntil("the caller waits") { clock.sleeperCount == 1 }
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
        #expect(clock.sleeperCount == 0)
    }

    @Test func aClientWaitingForAPauseIsRetryableWhenCancelled() async throws {
        let clock = ManualSnipeITClock()
        let f = SnipeITFixture(clock: clock)
        f.client.rateLimiter.pause(for: .seconds(30))
        let client = f.client
        let waiting = Task { await client.assetByTag("LAPTOP-0001") }
        try await waitUntil("the call waits") { clock.sleeperCount == 1 }
        waiting.cancel()
        guard case .retryable(let failure) = await waiting.value else {
            Issue.record("a call cancelled while waiting is retryable")
            return
        }
        #expect(failure.message == "GET /api/v1/hardware/bytag/LAPTOP-0001: cancelled while waiting for the rate limit")
        #expect(f.apiRequests == 0)
    }
}
