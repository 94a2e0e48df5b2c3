/// What happened since a time: events received by source, and delivery
/// attempts by action kind and outcome (`StoreBrowsing.activity(since:)`).
public struct StoreActivity: Sendable, Equatable {
    public var since: EpochMillis
    /// Events received at or after `since`, by source.
    public var events: [String: Int]
    /// Attempts recorded at or after `since`, by action kind, then outcome.
    public var attempts: [String: [DeliveryAttempt.Outcome: Int]]

    public init(since: EpochMillis, events: [String: Int] = [:], attempts: [String: [DeliveryAttempt.Outcome: Int]] = [:]) {
        self.since = since
        self.events = events
        self.attempts = attempts
    }
}
