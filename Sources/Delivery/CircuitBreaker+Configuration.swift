extension CircuitBreaker {
    /// When a breaker opens and how long it stays open: a target's
    /// `[<target>.breaker]` table, whose defaults these are.
    package struct Configuration: Sendable, Equatable {
        /// `false`: every delivery goes through and nothing is counted.
        package var enabled: Bool
        /// Consecutive failures that open the breaker; at least 1.
        package var failures: Int
        /// The share of failed calls within `window` that opens it, once
        /// `minCalls` calls were made there; in (0, 1].
        package var failureRatio: Double
        /// How far back the failure ratio looks.
        package var window: Duration
        /// Calls within `window` before the ratio counts; at least 1.
        package var minCalls: Int
        /// How long the breaker stays open after it opened; each failed
        /// probe doubles it, up to `maxCooldown`.
        package var cooldown: Duration
        package var maxCooldown: Duration

        package init(
            enabled: Bool = true, failures: Int = 5, failureRatio: Double = 0.5, window: Duration = .seconds(60),
            minCalls: Int = 10, cooldown: Duration = .seconds(5), maxCooldown: Duration = .seconds(60)
        ) {
            self.enabled = enabled
            self.failures = max(1, failures)
            self.failureRatio = failureRatio
            self.window = window
            self.minCalls = max(1, minCalls)
            self.cooldown = cooldown
            self.maxCooldown = max(cooldown, maxCooldown)
        }

        var windowMilliseconds: Int64 { max(1, DeliveryDecision.milliseconds(window)) }
        var cooldownMilliseconds: Int64 { max(1, DeliveryDecision.milliseconds(cooldown)) }
        var maxCooldownMilliseconds: Int64 { max(cooldownMilliseconds, DeliveryDecision.milliseconds(maxCooldown)) }
    }
}
