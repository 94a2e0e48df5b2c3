import Foundation
import Outbound
import Testing

@Suite struct RetryPolicyTests {
    private let policy = RetryPolicy()
    /// Wed, 21 Oct 2015 07:28:00 GMT
    private let now = Date(timeIntervalSince1970: 1_445_412_480)

    private func decide(
        _ outcome: RetryPolicy.Outcome, attempt: Int = 1, policy: RetryPolicy? = nil, age: TimeInterval = 0,
        seed: UInt64 = 42
    ) -> RetryDecision {
        var random = SplitMix64(seed: seed)
        return (policy ?? self.policy).decide(
            attempt: attempt, outcome: outcome, firstAttemptAt: now.addingTimeInterval(-age), now: now, random: &random)
    }

    private func delay(_ decision: RetryDecision) -> Duration? {
        if case .retry(let after) = decision { return after }
        return nil
    }

    @Test func defaultsMatchTheConfigSketch() {
        #expect(policy.baseDelay == .milliseconds(500))
        #expect(policy.maxDelay == .seconds(300))
        #expect(policy.maxAttempts == 12)
        #expect(policy.maxAge == .seconds(86_400))
    }

    @Test(arguments: [408, 425, 429, 500, 502, 503, 504])
    func retryableStatusesAreRetried(status: Int) {
        #expect(delay(decide(.response(status: status, retryAfter: nil))) != nil)
    }

    @Test(arguments: [200, 201, 204, 301, 304, 400, 401, 403, 404, 409, 410, 413, 422, 451, 501, 505])
    func otherStatusesAreFinal(status: Int) {
        #expect(decide(.response(status: status, retryAfter: nil)) == .giveUp(.notRetryable(status: status)))
        // Even with a Retry-After.
        #expect(decide(.response(status: status, retryAfter: "1")) == .giveUp(.notRetryable(status: status)))
    }

    @Test(arguments: [
        TransportFailure.Kind.dns, .connectionRefused, .timeout, .tls, .connectionReset, .other,
    ])
    func everyNetworkFailureIsRetried(kind: TransportFailure.Kind) {
        #expect(delay(decide(.failure(kind))) != nil)
    }

    @Test func outcomeComesFromATransportResult() {
        let response = OutboundResponse(status: 429, headers: [("retry-after", "7")])
        #expect(RetryPolicy.Outcome(.success(response)) == .response(status: 429, retryAfter: "7"))
        #expect(RetryPolicy.Outcome(.failure(TransportFailure(.dns, "x"))) == .failure(.dns))
    }

    @Test func fullJitterStaysWithinTheDoublingCeiling() {
        for attempt in 1...11 {
            let ceiling = min(Duration.milliseconds(500) * (1 << (attempt - 1)), .seconds(300))
            #expect(policy.backoffCeiling(attempt: attempt) == ceiling)
            var seen: [Duration] = []
            for seed in UInt64(0)..<200 {
                let value = delay(decide(.failure(.timeout), attempt: attempt, seed: seed))
                #expect(value != nil)
                if let value {
                    #expect(value >= .zero && value <= ceiling)
                    seen.append(value)
                }
            }
            // Full jitter: spread over the whole range, not clustered at the top.
            #expect(seen.contains { $0 < ceiling / 4 })
            #expect(seen.contains { $0 > ceiling * 3 / 4 })
        }
    }

    @Test func sameSeedSameDelay() {
        #expect(decide(.failure(.timeout), attempt: 3, seed: 7) == decide(.failure(.timeout), attempt: 3, seed: 7))
        #expect(decide(.failure(.timeout), attempt: 3, seed: 7) != decide(.failure(.timeout), attempt: 3, seed: 8))
    }

    @Test func ceilingIsCappedAndNeverOverflows() {
        #expect(policy.backoffCeiling(attempt: 10) == .seconds(256))
        #expect(policy.backoffCeiling(attempt: 11) == .seconds(300))
        #expect(policy.backoffCeiling(attempt: 63) == .seconds(300))
        #expect(policy.backoffCeiling(attempt: 10_000) == .seconds(300))
        #expect(policy.backoffCeiling(attempt: 0) == .milliseconds(500))
        let generous = RetryPolicy(maxAttempts: 1_000)
        for seed in UInt64(0)..<50 {
            let value = delay(decide(.failure(.dns), attempt: 500, policy: generous, seed: seed))
            #expect(value.map { $0 <= .seconds(300) } == true)
        }
    }

    @Test func givesUpWhenAttemptsAreExhausted() {
        #expect(delay(decide(.failure(.timeout), attempt: 11)) != nil)
        #expect(decide(.failure(.timeout), attempt: 12) == .giveUp(.attemptsExhausted(attempts: 12)))
        #expect(decide(.response(status: 503, retryAfter: nil), attempt: 12) == .giveUp(.attemptsExhausted(attempts: 12)))
        let once = RetryPolicy(maxAttempts: 1)
        #expect(decide(.failure(.dns), policy: once) == .giveUp(.attemptsExhausted(attempts: 1)))
    }

    @Test func givesUpWhenTheNextAttemptWouldExceedMaxAge() {
        // Age 24h minus 1s; any delay above 1s would cross the limit.
        let late = decide(.response(status: 503, retryAfter: "2"), age: 86_399)
        #expect(late == .giveUp(.maxAgeExceeded))
        let justInTime = decide(.response(status: 503, retryAfter: "1"), age: 86_398, seed: 1)
        #expect(delay(justInTime) != nil)
        #expect(decide(.failure(.timeout), age: 86_401) == .giveUp(.maxAgeExceeded))
    }

    @Test func retryAfterSecondsIsALowerBound() {
        // The first retry's jitter is at most 500ms; Retry-After wins.
        #expect(delay(decide(.response(status: 429, retryAfter: "120"))) == .seconds(120))
        #expect(delay(decide(.response(status: 503, retryAfter: " 3 "))) == .seconds(3))
        // Larger than the cap: honoured anyway (the cap bounds backoff only).
        #expect(delay(decide(.response(status: 429, retryAfter: "600"))) == .seconds(600))
        // Smaller than the jitter drawn: the jitter stands.
        let jittered = delay(decide(.response(status: 429, retryAfter: "0"), attempt: 9, seed: 3))
        let plain = delay(decide(.response(status: 429, retryAfter: nil), attempt: 9, seed: 3))
        #expect(jittered == plain)
        // Malformed: ignored.
        #expect(delay(decide(.response(status: 429, retryAfter: "soon"))).map { $0 <= .milliseconds(500) } == true)
        #expect(delay(decide(.response(status: 429, retryAfter: "-5"))).map { $0 <= .milliseconds(500) } == true)
        // Absurdly large: clamped, then max age gives up.
        #expect(decide(.response(status: 429, retryAfter: "99999999999999999999999")) == .giveUp(.maxAgeExceeded))
    }

    @Test func retryAfterHTTPDateIsMeasuredFromNow() {
        #expect(delay(decide(.response(status: 503, retryAfter: "Wed, 21 Oct 2015 07:30:00 GMT"))) == .seconds(120))
        #expect(delay(decide(.response(status: 503, retryAfter: "Wednesday, 21-Oct-15 07:29:00 GMT"))) == .seconds(60))
        #expect(delay(decide(.response(status: 503, retryAfter: "Wed Oct 21 08:28:00 2015"))) == .seconds(3600))
        // In the past: no floor, jitter only.
        let past = delay(decide(.response(status: 503, retryAfter: "Wed, 21 Oct 2015 07:00:00 GMT")))
        #expect(past.map { $0 <= .milliseconds(500) } == true)
        // Two days ahead: beyond max age.
        #expect(decide(.response(status: 503, retryAfter: "Fri, 23 Oct 2015 07:28:00 GMT")) == .giveUp(.maxAgeExceeded))
    }
}
