import JSON
import Outbound
import Store

/// How carrying out one outbox action ended, before anything is recorded.
package enum DeliveryOutcome: Sendable, Equatable {
    /// Done; `result` is kept with the action (e.g. `bug 65f0…`, `skipped: …`),
    /// and `output`, when it has one, is what later actions of its rule
    /// read as `steps.<id>` (the bug's id and link, the asset found).
    case done(result: String, output: JSON? = nil)
    /// May succeed later: the retry policy decides when, or whether to give up.
    case retryable(RetryPolicy.Outcome, message: String)
    /// The gateway's own store failed during the attempt: retried as a
    /// transport failure would be, but it says nothing of the target, so
    /// its circuit breaker does not count it.
    case storeFailed(message: String)
    /// Can never succeed as it stands (a 4xx, an unreadable record): dead letter at once.
    case permanent(message: String)
    /// The target refused the gateway's token: pause its deliveries, spend no attempt.
    case tokenRejected(message: String)
    /// Not yet: a repeat held until its coalescing window closes. Back to
    /// pending, due at `until`, no attempt spent; its key's queue waits behind it.
    case held(until: EpochMillis)
}
