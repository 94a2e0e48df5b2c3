import Foundation

/// Where the Snipe-IT client reads the time and waits, so a test can drive
/// its rate limiter by hand (`ManualSnipeITClock`).
public protocol SnipeITClock: Sendable {
    /// Monotonic time: the token bucket measures refills and pauses on it.
    var now: ContinuousClock.Instant { get }
    /// Wall-clock time: a `Retry-After` date is measured from it.
    var date: Date { get }
    /// Suspends until `deadline` (at once if it has passed); throws
    /// `CancellationError` when the task is cancelled.
    func sleep(until deadline: ContinuousClock.Instant) async throws
}

/// The production clock: `ContinuousClock`, `Date()` and `Task.sleep`.
public struct SnipeITSystemClock: SnipeITClock {
    public init() {}

    public var now: ContinuousClock.Instant { ContinuousClock.now }

    public var date: Date { Date() }

    public func sleep(until deadline: ContinuousClock.Instant) async throws {
        try await Task.sleep(until: deadline, clock: .continuous)
    }
}
