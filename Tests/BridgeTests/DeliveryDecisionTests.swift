@testable import Bridge
@testable import Delivery
import Outbound
import Store
import Testing

/// The pure half of delivery: what is recorded after each kind of attempt.
@Suite struct DeliveryDecisionTests {
    static let policy = RetryPolicy(baseDelay: .milliseconds(100), maxDelay: .seconds(10), maxAttempts: 3, maxAge: .seconds(60))

    static func action(attempts: Int, firstAttemptAt: EpochMillis? = 1_000) -> OutboxAction {
        OutboxAction(
            id: 1, eventID: 1, sequence: 0, dedupKey: "k", kind: "comment", payload: [], state: .inFlight,
            attempts: attempts, nextAttemptAt: 1_000, firstAttemptAt: firstAttemptAt, lastError: nil, result: nil,
            createdAt: 1_000, finishedAt: nil)
    }

    func decide(_ outcome: DeliveryOutcome, attempts: Int = 0, now: EpochMillis = 2_000) -> DeliveryDecision {
        var random = SystemRandomNumberGenerator()
        return DeliveryDecision.decide(outcome, action: Self.action(attempts: attempts), policy: Self.policy, now: now, random: &random)
    }

    @Test func successCompletesWithItsResult() {
        #expect(decide(.done(result: "bug 7")) == .complete(result: "bug 7"))
    }

    @Test func permanentFailureIsADeadLetterAtOnce() {
        #expect(decide(.permanent(message: "400 Bad Request")) == .deadLetter(error: "400 Bad Request"))
    }

    @Test func tokenRefusalReleasesAndPausesWithoutSpendingAnAttempt() {
        #expect(decide(.tokenRejected(message: "API token has expired"), attempts: 2) == .releaseAndPause(message: "API token has expired"))
    }

    @Test func retryableFailureIsScheduledWithinTheBackoffCeiling() throws {
        let decision = decide(.retryable(.response(status: 503, retryAfter: nil), message: "503"), attempts: 1)
        guard case .retry(let at, let error) = decision else { Issue.record("expected a retry, got \(decision)"); return }
        // Attempt 2: ceiling 100 ms · 2.
        #expect((2_000...2_200).contains(at))
        #expect(error == "503")
    }

    @Test func retryAfterIsALowerBound() {
        let decision = decide(.retryable(.response(status: 429, retryAfter: "5"), message: "429"))
        guard case .retry(let at, _) = decision else { Issue.record("expected a retry, got \(decision)"); return }
        #expect(at >= 7_000)
    }

    @Test func theLastAttemptGivesUpWithTheLastError() {
        let decision = decide(.retryable(.failure(.other), message: "connection refused"), attempts: 2)
        guard case .deadLetter(let error) = decision else { Issue.record("expected a dead letter, got \(decision)"); return }
        #expect(error.hasPrefix("connection refused"))
        #expect(error.contains("3 attempts"))
    }

    @Test func tooOldGivesUp() {
        let decision = decide(.retryable(.response(status: 503, retryAfter: nil), message: "503"), now: 1_000 + 61_000)
        guard case .deadLetter(let error) = decision else { Issue.record("expected a dead letter, got \(decision)"); return }
        #expect(error.contains("maximum age"))
    }

    @Test func millisecondsOfADuration() {
        #expect(DeliveryDecision.milliseconds(.milliseconds(1_500)) == 1_500)
        #expect(DeliveryDecision.milliseconds(.seconds(2)) == 2_000)
    }
}
