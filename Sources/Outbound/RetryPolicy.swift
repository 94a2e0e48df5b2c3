import Foundation

/// When to try a request again: exponential backoff with full jitter, a cap,
/// a maximum number of attempts and a maximum age. A pure value: no clock,
/// no network, randomness injected, so every decision is a table test.
///
/// Retries network failures of every kind (DNS included) and the statuses
/// 408, 425, 429, 500, 502, 503 and 504; never any other 4xx, 2xx or 3xx.
/// `Retry-After` (seconds or HTTP-date) is a lower bound on the delay.
public struct RetryPolicy: Sendable, Equatable {
    /// The backoff ceiling of the first retry; it doubles on each attempt.
    public var baseDelay: Duration
    /// The backoff ceiling never exceeds this (a `Retry-After` may).
    public var maxDelay: Duration
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    /// No attempt starts later than this after the first one.
    public var maxAge: Duration

    /// Statuses worth another attempt.
    public static let retryableStatuses: Set<Int> = [408, 425, 429, 500, 502, 503, 504]

    /// The `[retry]` defaults of the config file: 500ms, 5m, 12 attempts, 24h.
    public init(
        baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(300), maxAttempts: Int = 12,
        maxAge: Duration = .seconds(86_400)
    ) {
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxAttempts = maxAttempts
        self.maxAge = maxAge
    }

    /// How an attempt ended, as far as retrying is concerned.
    public enum Outcome: Sendable, Equatable {
        /// An HTTP answer, with its `Retry-After` header if any.
        case response(status: Int, retryAfter: String?)
        /// No HTTP answer.
        case failure(TransportFailure.Kind)

        /// The outcome of a transport result.
        public init(_ result: Result<OutboundResponse, TransportFailure>) {
            switch result {
            case .success(let response): self = .response(status: response.status, retryAfter: response.header("Retry-After"))
            case .failure(let failure): self = .failure(failure.kind)
            }
        }
    }

    /// Whether `outcome` is worth another attempt at all (ignoring limits).
    public func isRetryable(_ outcome: Outcome) -> Bool {
        switch outcome {
        case .failure: true
        case .response(let status, _): Self.retryableStatuses.contains(status)
        }
    }

    /// The decision after attempt number `attempt` (1 for the first) ended
    /// with `outcome`. The delay is uniform in [0, min(maxDelay, baseDelay·2^(attempt−1))],
    /// raised to `Retry-After` when the answer carries one.
    public func decide<R: RandomNumberGenerator>(
        attempt: Int, outcome: Outcome, firstAttemptAt: Date, now: Date, random: inout R
    ) -> RetryDecision {
        if case .response(let status, _) = outcome, !isRetryable(outcome) {
            return .giveUp(.notRetryable(status: status))
        }
        let attempt = max(1, attempt)
        if attempt >= maxAttempts {
            return .giveUp(.attemptsExhausted(attempts: attempt))
        }
        var delay = jitteredDelay(ceiling: backoffCeiling(attempt: attempt), random: &random)
        if case .response(_, let header?) = outcome, let floor = RetryAfter.delay(header, now: now) {
            delay = max(delay, floor)
        }
        let deadline = firstAttemptAt.addingTimeInterval(maxAge.seconds)
        if now.addingTimeInterval(delay.seconds) > deadline {
            return .giveUp(.maxAgeExceeded)
        }
        return .retry(after: delay)
    }

    /// `decide` with the system's random numbers.
    public func decide(attempt: Int, outcome: Outcome, firstAttemptAt: Date, now: Date) -> RetryDecision {
        var random = SystemRandomNumberGenerator()
        return decide(attempt: attempt, outcome: outcome, firstAttemptAt: firstAttemptAt, now: now, random: &random)
    }

    /// min(maxDelay, baseDelay·2^(attempt−1)), without overflowing.
    public func backoffCeiling(attempt: Int) -> Duration {
        let exponent = max(0, attempt - 1)
        guard baseDelay > .zero else { return .zero }
        if exponent >= 62 { return maxDelay }
        let factor = Int64(1) << exponent
        // Compare before multiplying: base·2^n > max  <=>  base > max / 2^n.
        if baseDelay > maxDelay / Double(factor) { return maxDelay }
        return baseDelay * factor
    }

    private func jitteredDelay<R: RandomNumberGenerator>(ceiling: Duration, random: inout R) -> Duration {
        let nanos = ceiling.nanoseconds
        guard nanos > 0 else { return .zero }
        return .nanoseconds(Int64.random(in: 0...nanos, using: &random))
    }
}

extension Duration {
    /// The duration in seconds, as a `TimeInterval`.
    var seconds: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }

    /// Whole nanoseconds, saturating at `Int64.max`.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? Int64.min : Int64.max }
        let (sum, overflow2) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        return overflow2 ? Int64.max : sum
    }
}
