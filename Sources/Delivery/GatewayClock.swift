import Foundation
import Store

/// Where the gateway reads the time and waits: the store's timestamps, the
/// due times of retries, the dispatch, delivery and prune loops and their
/// waits all go through one clock, so a test can drive time by hand.
public protocol GatewayClock: Sendable {
    /// Wall-clock time, in milliseconds since 1970.
    var now: EpochMillis { get }
    /// Suspends for `duration` of this clock's time; throws `CancellationError` when the task is cancelled.
    func sleep(for duration: Duration) async throws
}

/// The production clock: `Date()` for the time, `Task.sleep` for waits.
public struct SystemClock: GatewayClock {
    public init() {}

    public var now: EpochMillis { EpochMillis((Date().timeIntervalSince1970 * 1000).rounded()) }

    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}

extension GatewayClock where Self == SystemClock {
    /// `SystemClock()`.
    public static var system: SystemClock { SystemClock() }
}

extension GatewayClock {
    /// `now` as a `Date` (what the webhook adapters read).
    package var date: Date { Date(timeIntervalSince1970: Double(now) / 1000) }
}
