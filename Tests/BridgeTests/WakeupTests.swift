import Bridge
import Delivery
import TestSupport
import Testing

/// `Wakeup` on a clock the test moves: a wait ends on a signal, on its
/// timeout or on cancellation, and leaves no sleep running once it returns.
@Suite struct WakeupTests {
    @Test func aSignalBeforeTheWaitEndsItAtOnceWithoutASleep() async {
        let clock = ManualClock()
        let wakeup = Wakeup(clock: clock)
        wakeup.signal()
        wakeup.signal()
        await wakeup.wait(timeout: .seconds(3_600))
        #expect(clock.sleepers(since: 0) == 0)
    }

    @Test func aSignalDuringTheWaitEndsItAndCancelsItsSleep() async throws {
        let clock = ManualClock()
        let wakeup = Wakeup(clock: clock)
        async let waited: Void = wakeup.wait(timeout: .seconds(3_600))
        try await waitUntil("the wait sleeps") { clock.sleepers(since: 0) == 1 }
        wakeup.signal()
        await waited
        #expect(clock.sleepers(since: 0) == 0, "the wait's timer still runs")
    }

    @Test func theTimeoutEndsTheWaitAndSignalsWhileNobodyWaitsCollapse() async throws {
        let clock = ManualClock()
        let wakeup = Wakeup(clock: clock)
        async let first: Void = wakeup.wait(timeout: .milliseconds(200))
        try await waitUntil("the wait sleeps") { clock.sleepers(since: 0) == 1 }
        clock.advance(by: .milliseconds(199))
        #expect(clock.sleepers(since: 0) == 1, "the wait ended before its timeout")
        clock.advance(by: .milliseconds(1))
        await first
        // Two signals with nobody waiting: one wait returns at once, the next sleeps.
        wakeup.signal()
        wakeup.signal()
        await wakeup.wait(timeout: .seconds(3_600))
        let later = clock.now
        async let second: Void = wakeup.wait(timeout: .seconds(1))
        try await waitUntil("the second wait sleeps") { clock.sleepers(since: later) == 1 }
        clock.advance(by: .seconds(1))
        await second
        #expect(clock.sleepers(since: 0) == 0)
    }

    @Test func cancellingTheWaiterEndsTheWait() async throws {
        let clock = ManualClock()
        let wakeup = Wakeup(clock: clock)
        let task = Task { await wakeup.wait(timeout: .seconds(3_600)) }
        try await waitUntil("the wait sleeps") { clock.sleepers(since: 0) == 1 }
        task.cancel()
        await task.value
        #expect(clock.sleepers(since: 0) == 0)
        // The next signal is not lost: it is kept for the next wait.
        wakeup.signal()
        await wakeup.wait(timeout: .seconds(3_600))
        #expect(clock.sleepers(since: 0) == 0)
    }
}
