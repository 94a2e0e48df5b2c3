import Foundation
import JSON
import Outbound
import SnipeIT
import SnipeITSim
import TestSupport
import Testing

/// Snipe-IT's rate limit as the client meets it: a 429 with `Retry-After`,
/// the answers without it (60 s), and the bucket paused for the wait.
@Suite struct RateLimitTests {
    /// A simulator allowing 2 calls a minute, on the client's manual clock.
    static func limited(_ answer: SnipeITSimRateLimitAnswer) -> (SnipeITFixture, ManualSnipeITClock) {
        let clock = ManualSnipeITClock()
        let f = SnipeITFixture(clock: clock) { sim in
            sim.rateLimitPerMinute = 2
            sim.rateLimitAnswer = answer
            sim.now = { clock.date }
        }
        return (f, clock)
    }

    @Test func a429CarriesRetryAfter() async throws {
        let (f, clock) = Self.limited(.status429)
        #expect(await f.client.assetByTag("LAPTOP-0001").value != nil)
        #expect(f.client.lastRateLimitReading == SnipeITRateLimitReading(limit: 2, remaining: 1))
        #expect(await f.client.assetByTag("LAPTOP-0001").value != nil)
        clock.advance(by: .seconds(45))
        let raw = await f.raw("GET", "/api/v1/hardware/bytag/LAPTOP-0001")
        #expect(raw.status == 429)
        #expect(raw.headers["Retry-After"] == "15")
        guard case .rateLimited(let wait) = await f.client.assetByTag("LAPTOP-0001") else {
            Issue.record("a 429 is rateLimited")
            return
        }
        #expect(wait == .seconds(15))
        #expect(f.client.rateLimiter.pausedUntil != nil)
    }

    @Test(arguments: [SnipeITSimRateLimitAnswer.envelope, .status429WithoutRetryAfter])
    func withoutRetryAfterTheWaitIs60Seconds(answer: SnipeITSimRateLimitAnswer) async throws {
        let (f, clock) = Self.limited(answer)
        _ = await f.client.users(username: "ada")
        _ = await f.client.users(username: "ada")
        clock.advance(by: .seconds(45))
        let raw = await f.raw("GET", "/api/v1/users?username=ada")
        #expect(raw.status == (answer == .envelope ? 200 : 429))
        #expect(raw.headers["Retry-After"] == nil)
        guard case .rateLimited(let wait) = await f.client.users(username: "ada") else {
            Issue.record("\(answer) is rateLimited")
            return
        }
        #expect(wait == .seconds(60))
    }

    @Test func aRetryAfterDateIsMeasuredOnTheClientsClock() async {
        let f = ScriptedFixture([
            ScriptedFixture.raw(429, "", headers: [(name: "Retry-After", value: "Wed, 21 Oct 2015 07:28:30 GMT")]),
        ])
        let clock = ManualSnipeITClock(date: Date(timeIntervalSince1970: 1_445_412_480))  // 07:28:00
        let client = SnipeITClient(configuration: f.client.configuration, transport: f.transport, clock: clock)
        guard case .rateLimited(let wait) = await client.assetByTag("A") else {
            Issue.record("a 429 is rateLimited")
            return
        }
        #expect(wait == .seconds(30))
    }

    @Test(arguments: [
        (405, #"{"status":"error","messages":429,"payload":null}"#),
        (200, #"{"status":"error","messages":"Too many attempts.","payload":null}"#),
        (429, "Too Many Attempts."),
    ])
    func olderThrottleAnswersAreRateLimitedToo(status: Int, body: String) async {
        let f = ScriptedFixture([ScriptedFixture.raw(status, body)])
        guard case .rateLimited(let wait) = await f.client.statusLabels() else {
            Issue.record("\(status) \(body) is rateLimited")
            return
        }
        #expect(wait == .seconds(60))
    }

    @Test func aRateLimitedAnswerPausesEveryCaller() async throws {
        let (f, clock) = Self.limited(.status429)
        _ = await f.client.assetByTag("LAPTOP-0001")
        _ = await f.client.assetByTag("LAPTOP-0001")
        clock.advance(by: .seconds(45))
        guard case .rateLimited = await f.client.assetByTag("LAPTOP-0001") else {
            Issue.record("the third call of the minute is rateLimited")
            return
        }
        let sent = f.apiRequests
        let client = f.client
        let waiting = Task { await client.assetByTag("LAPTOP-0001").value?.first?.id }
        try await waitUntil("the caller waits for the pause") { clock.sleeperCount == 1 }
        clock.advance(by: .seconds(14))
        try await Task.sleep(for: .milliseconds(20))
        #expect(f.apiRequests == sent)
        clock.advance(by: .seconds(1))
        #expect(await waiting.value == 1)
        #expect(f.apiRequests == sent + 1)
    }

    @Test func callersAlreadyWaitingQueueBehindAPause() async throws {
        let clock = ManualSnipeITClock()
        let bucket = SnipeITTokenBucket(requestsPerMinute: 60, burst: 1, clock: clock)
        try await bucket.acquire()
        let passed = Counter()
        let tasks = (0..<3).map { _ in
            Task {
                try await bucket.acquire()
                passed.increment()
            }
        }
        try await waitUntil("three callers wait") { clock.sleeperCount == 3 }
        bucket.pause(for: .seconds(10))
        clock.advance(by: .seconds(3))
        try await waitUntil("they wait again, behind the pause") { clock.sleeperCount == 3 }
        #expect(passed.value == 0)
        for expected in 1...3 {
            clock.advance(by: expected == 1 ? .seconds(7) : .seconds(1))
            try await waitUntil("\(expected) through") { passed.value == expected }
        }
        for task in tasks { try await task.value }
    }
}
