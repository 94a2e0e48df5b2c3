import Foundation

/// A condition that did not hold within its deadline.
public struct WaitTimedOut: Error, CustomStringConvertible {
    public let description: String
}

/// Polls `condition` every `interval` until it holds, and returns as soon
/// as it does; throws `WaitTimedOut` (failing the test) if it still does not
/// hold after `timeout`. `what` names the condition in the failure.
public func waitUntil(
    _ what: @autoclosure () -> String, timeout: Duration = .seconds(15), interval: Duration = .milliseconds(10),
    _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while true {
        if try await condition() { return }
        guard ContinuousClock.now < deadline else { throw WaitTimedOut(description: "not within \(timeout): \(what())") }
        try await Task.sleep(for: interval)
    }
}

/// `waitUntil` for synchronous tests (blocking socket work on the test's
/// own thread): polls with `usleep`.
public func blockUntil(
    _ what: @autoclosure () -> String, timeout: Duration = .seconds(15), interval: Duration = .milliseconds(5),
    _ condition: () throws -> Bool
) throws {
    let deadline = ContinuousClock.now + timeout
    let micros = useconds_t(interval.components.seconds * 1_000_000 + interval.components.attoseconds / 1_000_000_000_000)
    while true {
        if try condition() { return }
        guard ContinuousClock.now < deadline else { throw WaitTimedOut(description: "not within \(timeout): \(what())") }
        usleep(micros)
    }
}
