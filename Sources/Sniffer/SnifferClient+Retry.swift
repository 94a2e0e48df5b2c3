import Foundation
import Outbound

extension SnifferClient {
    /// Runs `operation` (given the attempt number, 1 first) until it gives
    /// anything but `.retryable`, or `policy` gives up; waits between attempts
    /// as the policy says (which honours `Retry-After`).
    ///
    /// For work that is not on the durable queue (the simulator's tests, the
    /// demo); the pipeline schedules its retries in the store instead.
    /// For `createBug`, pass `lookUpFirst: attempt > 1` so a lost response is
    /// found instead of filed twice.
    public func withRetries<Value: Sendable>(
        policy: RetryPolicy,
        sleep: @Sendable (Duration) async -> Void = { try? await Task.sleep(for: $0) },
        _ operation: (Int) async -> SnifferOutcome<Value>
    ) async -> (outcome: SnifferOutcome<Value>, attempts: Int) {
        let first = Date()
        var attempt = 1
        while true {
            let outcome = await operation(attempt)
            guard case .retryable(let failure) = outcome else { return (outcome, attempt) }
            switch policy.decide(attempt: attempt, outcome: failure.retryOutcome, firstAttemptAt: first, now: Date()) {
            case .giveUp: return (outcome, attempt)
            case .retry(let delay): await sleep(delay)
            }
            attempt += 1
        }
    }
}
