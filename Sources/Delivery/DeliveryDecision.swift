import Foundation
import Outbound
import Store

/// What to record for an action after one attempt: the pure half of delivery.
/// `decide` reads no clock and touches no store, so every branch is a table test.
package enum DeliveryDecision: Sendable, Equatable {
    /// Done, with the output (JSON text) later actions read.
    case complete(result: String, output: String? = nil)
    /// Back to pending, due at `at`, attempts + 1, with the error kept.
    case retry(at: EpochMillis, error: String)
    case deadLetter(error: String)
    /// Back to pending without spending an attempt; deliveries pause.
    case releaseAndPause(message: String)
    /// Back to pending without spending an attempt, due at `until`.
    case hold(until: EpochMillis)
    /// Back to pending without spending an attempt, due at `until`, never
    /// attempted: its target's breaker is open (or its probe is out) or the
    /// target is paused. `decide` never returns it; the scheduler's gate does.
    case gated(until: EpochMillis)

    /// The decision for `outcome` of an attempt on `action` that started at `now`.
    /// `action.attempts` counts the attempts already recorded, so this one is `attempts + 1`.
    package static func decide(
        _ outcome: DeliveryOutcome, action: OutboxAction, policy: RetryPolicy, now: EpochMillis,
        random: inout some RandomNumberGenerator
    ) -> DeliveryDecision {
        switch outcome {
        case .done(let result, let output):
            return .complete(result: result, output: output?.serialized())
        case .permanent(let message):
            return .deadLetter(error: message)
        case .tokenRejected(let message):
            return .releaseAndPause(message: message)
        case .held(let until):
            return .hold(until: until)
        case .storeFailed(let message):
            return decide(.retryable(.failure(.other), message: message), action: action, policy: policy, now: now, random: &random)
        case .retryable(let retryOutcome, let message):
            let attempt = action.attempts + 1
            let first = action.firstAttemptAt ?? action.createdAt
            let decision = policy.decide(
                attempt: attempt, outcome: retryOutcome, firstAttemptAt: date(first), now: date(now), random: &random)
            switch decision {
            case .retry(let delay):
                return .retry(at: now + milliseconds(delay), error: message)
            case .giveUp(let reason):
                return .deadLetter(error: "\(message) (\(reason))")
            }
        }
    }

    static func date(_ millis: EpochMillis) -> Date {
        Date(timeIntervalSince1970: TimeInterval(millis) / 1000)
    }

    package static func milliseconds(_ duration: Duration) -> EpochMillis {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
