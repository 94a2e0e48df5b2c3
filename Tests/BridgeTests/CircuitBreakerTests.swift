@testable import Delivery
import Store
import Testing

/// The breaker as a pure state machine: time is a number the test moves,
/// so no test sleeps.
@Suite struct CircuitBreakerTests {
    static let start: EpochMillis = 1_700_000_000_000

    /// `failures` in a row open it; the ratio is kept out of the way unless a test sets it.
    static func breaker(
        failures: Int = 3, ratio: Double = 1, window: Duration = .seconds(10), minCalls: Int = 1_000,
        cooldown: Duration = .seconds(5), maxCooldown: Duration = .seconds(30)
    ) -> CircuitBreaker {
        CircuitBreaker(.init(
            failures: failures, failureRatio: ratio, window: window, minCalls: minCalls, cooldown: cooldown,
            maxCooldown: maxCooldown))
    }

    /// Admits one delivery at `now` and records `result` for it; the transition that caused, if any.
    @discardableResult
    static func call(_ breaker: inout CircuitBreaker, _ result: CircuitBreaker.CallResult, at now: EpochMillis) -> CircuitBreaker.Transition? {
        guard case .pass(let ticket) = breaker.admit(now: now).admission else {
            Issue.record("the breaker held a delivery at \(now - start) ms")
            return nil
        }
        return breaker.record(result, ticket: ticket, now: now)
    }

    /// The ticket of a delivery the breaker must let through.
    static func pass(_ breaker: inout CircuitBreaker, at now: EpochMillis) throws -> CircuitBreaker.Ticket {
        guard case .pass(let ticket) = breaker.admit(now: now).admission else { throw HarnessError("held at \(now - start) ms") }
        return ticket
    }

    @Test func theConfiguredRunOfConsecutiveFailuresOpensIt() {
        var breaker = Self.breaker(failures: 3)
        Self.call(&breaker, .failure, at: Self.start)
        Self.call(&breaker, .failure, at: Self.start + 1)
        // A success (or a 4xx, which counts as one) breaks the run.
        Self.call(&breaker, .success, at: Self.start + 2)
        Self.call(&breaker, .failure, at: Self.start + 3)
        Self.call(&breaker, .failure, at: Self.start + 4)
        #expect(breaker.state == .closed)
        let opened = Self.call(&breaker, .failure, at: Self.start + 5)
        #expect(opened == CircuitBreaker.Transition(
            from: .closed, to: .open, reason: .consecutiveFailures(3), probeAt: Self.start + 5 + 5_000))
        #expect(breaker.state == .open)
        let held = breaker.admit(now: Self.start + 6)
        #expect(held.admission == .hold(until: Self.start + 5_005))
    }

    @Test func inconclusiveResultsNeitherCountNorBreakTheRun() {
        var breaker = Self.breaker(failures: 2)
        Self.call(&breaker, .failure, at: Self.start)
        Self.call(&breaker, .inconclusive, at: Self.start + 1)
        #expect(breaker.state == .closed)
        let opened = Self.call(&breaker, .failure, at: Self.start + 2)
        #expect(opened?.reason == .consecutiveFailures(2))
    }

    @Test func aFailureRatioWithinTheWindowOpensIt() {
        var breaker = Self.breaker(failures: 100, ratio: 0.5, minCalls: 4)
        // F S F: three calls, fewer than min_calls, so the ratio does not count yet.
        for (offset, result) in [CircuitBreaker.CallResult.failure, .success, .failure].enumerated() {
            let transition = Self.call(&breaker, result, at: Self.start + Int64(offset))
            #expect(transition == nil)
        }
        let afterSuccess = Self.call(&breaker, .success, at: Self.start + 3)
        #expect(afterSuccess == nil, "a success never opens it")
        let opened = Self.call(&breaker, .failure, at: Self.start + 4)
        #expect(opened?.reason == .failureRatio(failures: 3, calls: 5))
        #expect(opened?.to == .open)
    }

    @Test func theRatioWaitsForMinCalls() {
        var breaker = Self.breaker(failures: 100, ratio: 0.5, minCalls: 5)
        for offset in 0..<4 { Self.call(&breaker, .failure, at: Self.start + Int64(offset)) }
        #expect(breaker.state == .closed, "four failures out of four, but min_calls is 5")
        let opened = Self.call(&breaker, .failure, at: Self.start + 4)
        #expect(opened?.reason == .failureRatio(failures: 5, calls: 5))
    }

    @Test func callsLeaveTheWindowAsItSlides() {
        var breaker = Self.breaker(failures: 100, ratio: 0.5, window: .seconds(10), minCalls: 3)
        Self.call(&breaker, .failure, at: Self.start)
        Self.call(&breaker, .failure, at: Self.start + 1_000)
        // 11 s later both failures have left the window: S S F is one failure in three.
        let later = Self.start + 12_000
        Self.call(&breaker, .success, at: later)
        Self.call(&breaker, .success, at: later + 1)
        let slid = Self.call(&breaker, .failure, at: later + 2)
        #expect(slid == nil)
        // Within the window they would have counted: F F S S F is three in five.
        var unslid = Self.breaker(failures: 100, ratio: 0.5, window: .seconds(60), minCalls: 3)
        for (time, result) in [(0, CircuitBreaker.CallResult.failure), (1_000, .failure), (12_000, .success), (12_001, .success)] {
            Self.call(&unslid, result, at: Self.start + Int64(time))
        }
        let opened = Self.call(&unslid, .failure, at: Self.start + 12_002)
        #expect(opened?.reason == .failureRatio(failures: 3, calls: 5))
    }

    @Test func halfOpenLetsExactlyOneProbeThrough() throws {
        var breaker = Self.breaker(failures: 1)
        Self.call(&breaker, .failure, at: Self.start)
        let probeAt = try #require(breaker.probeAt)
        let early = breaker.admit(now: probeAt - 1)
        #expect(early.admission == .hold(until: probeAt))
        let (admission, transition) = breaker.admit(now: probeAt)
        guard case .pass = admission else {
            Issue.record("the probe was held: \(admission)")
            return
        }
        #expect(transition == CircuitBreaker.Transition(from: .open, to: .halfOpen, reason: .cooldownOver, probeAt: nil))
        #expect(breaker.state == .halfOpen)
        // While the probe is out, every other delivery is held a cool-down on.
        for offset in Int64(1)...3 {
            let other = breaker.admit(now: probeAt + offset)
            #expect(other.admission == .hold(until: probeAt + offset + 5_000))
            #expect(other.transition == nil)
        }
    }

    @Test func theProbesSuccessClosesItAndTheCountsStartAfresh() throws {
        var breaker = Self.breaker(failures: 2)
        Self.call(&breaker, .failure, at: Self.start)
        Self.call(&breaker, .failure, at: Self.start + 1)
        let probeAt = try #require(breaker.probeAt)
        let probe = try Self.pass(&breaker, at: probeAt)
        let closed = breaker.record(.success, ticket: probe, now: probeAt + 10)
        #expect(closed == CircuitBreaker.Transition(from: .halfOpen, to: .closed, reason: .probeSucceeded, probeAt: nil))
        #expect(breaker.state == .closed)
        let one = Self.call(&breaker, .failure, at: probeAt + 20)
        #expect(one == nil, "one failure after the close is not a run of two")
        let two = Self.call(&breaker, .failure, at: probeAt + 30)
        #expect(two?.probeAt == probeAt + 30 + 5_000, "the cool-down is back to 5 s")
    }

    @Test func aFailedProbeReopensItForAGrowingCappedCooldown() throws {
        var breaker = Self.breaker(failures: 1, cooldown: .seconds(5), maxCooldown: .seconds(30))
        Self.call(&breaker, .failure, at: Self.start)
        var cooldowns: [Int64] = []
        for _ in 1...4 {
            let probeAt = try #require(breaker.probeAt)
            let probe = try Self.pass(&breaker, at: probeAt)
            let recorded = breaker.record(.failure, ticket: probe, now: probeAt)
            let reopened = try #require(recorded)
            #expect(reopened.from == .halfOpen && reopened.to == .open && reopened.reason == .probeFailed)
            cooldowns.append(try #require(reopened.probeAt) - probeAt)
        }
        #expect(cooldowns == [10_000, 20_000, 30_000, 30_000])
        let probeAt = try #require(breaker.probeAt)
        let probe = try Self.pass(&breaker, at: probeAt)
        _ = breaker.record(.success, ticket: probe, now: probeAt)
        let again = Self.call(&breaker, .failure, at: probeAt + 1)
        #expect(again?.probeAt == probeAt + 1 + 5_000)
    }

    @Test func resultsOfDeliveriesAdmittedBeforeAChangeOfStateAreIgnored() throws {
        var breaker = Self.breaker(failures: 2)
        let early = try (0..<4).map { _ in try Self.pass(&breaker, at: Self.start) }
        _ = breaker.record(.failure, ticket: early[0], now: Self.start + 1)
        _ = breaker.record(.failure, ticket: early[1], now: Self.start + 2)
        let probeAt = try #require(breaker.probeAt)
        // Still running when it opened: their failures do not push the probe back.
        let late = breaker.record(.failure, ticket: early[2], now: Self.start + 3)
        #expect(late == nil)
        #expect(breaker.probeAt == probeAt)
        let probe = try Self.pass(&breaker, at: probeAt)
        // A slow success from before does not settle the half-open breaker; only the probe does.
        let slow = breaker.record(.success, ticket: early[3], now: probeAt + 1)
        #expect(slow == nil)
        #expect(breaker.state == .halfOpen)
        let settled = breaker.record(.success, ticket: probe, now: probeAt + 2)
        #expect(settled?.to == .closed)
    }

    @Test func anInconclusiveProbeLetsTheNextDeliveryProbe() throws {
        var breaker = Self.breaker(failures: 1)
        Self.call(&breaker, .failure, at: Self.start)
        let probeAt = try #require(breaker.probeAt)
        let first = try Self.pass(&breaker, at: probeAt)
        let unsettled = breaker.record(.inconclusive, ticket: first, now: probeAt + 1)
        #expect(unsettled == nil)
        #expect(breaker.state == .halfOpen)
        let second = try Self.pass(&breaker, at: probeAt + 2)
        let settled = breaker.record(.success, ticket: second, now: probeAt + 3)
        #expect(settled?.to == .closed)
    }

    @Test func aDisabledBreakerLetsEverythingThroughAndCountsNothing() {
        var breaker = CircuitBreaker(.init(enabled: false, failures: 1))
        for offset in 0..<20 {
            let transition = Self.call(&breaker, .failure, at: Self.start + Int64(offset))
            #expect(transition == nil)
        }
        #expect(breaker.state == .closed)
    }

    @Test func aReloadKeepsTheStateUnlessItSwitchesTheBreakerOff() throws {
        var breaker = Self.breaker(failures: 1, cooldown: .seconds(5), maxCooldown: .seconds(30))
        Self.call(&breaker, .failure, at: Self.start)
        let probeAt = try #require(breaker.probeAt)
        let unchanged = breaker.reconfigure(breaker.configuration)
        #expect(unchanged == nil)
        var changed = breaker.configuration
        changed.failures = 4
        changed.maxCooldown = .seconds(8)
        let kept = breaker.reconfigure(changed)
        #expect(kept == nil)
        #expect(breaker.state == .open && breaker.probeAt == probeAt, "an open breaker waits out its cool-down")
        let probe = try Self.pass(&breaker, at: probeAt)
        let reopened = breaker.record(.failure, ticket: probe, now: probeAt)
        #expect(reopened?.probeAt == probeAt + 8_000, "the new ceiling applies")
        var off = changed
        off.enabled = false
        let switchedOff = breaker.reconfigure(off)
        #expect(switchedOff == CircuitBreaker.Transition(from: .open, to: .closed, reason: .switchedOff, probeAt: nil))
        _ = try Self.pass(&breaker, at: probeAt + 1)
    }

    @Test func aResetClosesIt() {
        var breaker = Self.breaker(failures: 1)
        Self.call(&breaker, .failure, at: Self.start)
        let reset = breaker.reset()
        #expect(reset == CircuitBreaker.Transition(from: .open, to: .closed, reason: .targetReplaced, probeAt: nil))
        let again = breaker.reset()
        #expect(again == nil)
    }

    @Test func theOutcomesThatCountAgainstATarget() {
        let results: [(DeliveryOutcome, CircuitBreaker.CallResult)] = [
            (.done(result: "bug 1"), .success),
            (.permanent(message: "400 Bad Request"), .success),
            (.tokenRejected(message: "API token has expired"), .success),
            (.retryable(.response(status: 503, retryAfter: nil), message: "503"), .failure),
            (.retryable(.failure(.connectionRefused), message: "refused"), .failure),
            (.retryable(.failure(.timeout), message: "timed out"), .failure),
            (.storeFailed(message: "store: disk full"), .inconclusive),
            (.held(until: 5), .inconclusive),
        ]
        for (outcome, expected) in results { #expect(outcome.breakerResult == expected, "\(outcome)") }
    }
}
