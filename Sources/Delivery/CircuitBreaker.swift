import Store

/// A circuit breaker ("fuse") for one delivery target: a pure state machine.
/// It reads no clock (every call takes `now`, which the scheduler reads from
/// its `GatewayClock`) and does no I/O: it says what to do, the scheduler
/// does it, so tests drive it by hand.
///
/// - **Closed**: every delivery goes through. `failures` failures in a row,
///   or a share of at least `failureRatio` failed among at least `minCalls`
///   calls within `window`, open it.
/// - **Open**: deliveries are held, due again when the cool-down ends.
/// - **Half-open**: the cool-down is over. Exactly one delivery goes through
///   as the probe; the others are held. The probe's success closes the
///   breaker; its failure opens it again for twice the cool-down, at most
///   `maxCooldown`.
///
/// Each delivery let through carries a `Ticket`. A result whose ticket is
/// older than the latest change of state is ignored: the deliveries that
/// were already running when the breaker opened do not count, a slow
/// failure that started while the target was up cannot re-open a breaker a
/// probe has just closed, and only the probe settles a half-open breaker.
package struct CircuitBreaker: Sendable, Equatable {
    package enum State: Sendable, Equatable, CaseIterable {
        case closed, halfOpen, open

        /// The gauge's value: 0 closed, 1 half-open, 2 open.
        package var gaugeValue: Double {
            switch self {
            case .closed: 0
            case .halfOpen: 1
            case .open: 2
            }
        }

        /// `closed`, `half_open` or `open`: in logs, metric labels and `/readyz`.
        package var name: String {
            switch self {
            case .closed: "closed"
            case .halfOpen: "half_open"
            case .open: "open"
            }
        }
    }

    /// Given with each delivery that goes through; its result is recorded with it.
    package struct Ticket: Sendable, Equatable {
        fileprivate let generation: Int
    }

    /// What the breaker says to one delivery.
    package enum Admission: Sendable, Equatable {
        /// Deliver it, then `record` its result with this ticket.
        case pass(Ticket)
        /// Not now: back to the outbox, due at `until`, no attempt spent.
        case hold(until: EpochMillis)
    }

    /// What one delivery that went through showed of its target.
    package enum CallResult: Sendable, Equatable {
        /// The target answered: a success, or a 4xx (the request was wrong, the target is up).
        case success
        /// No answer, a time-out, or a 5xx/408/425/429: the retryable failures.
        case failure
        /// Nothing about the target: the gateway's own store failed, the
        /// action was held to coalesce, or a stop cut it off.
        case inconclusive
    }

    /// A change of state, for its one log line and the metrics.
    package struct Transition: Sendable, Equatable {
        package var from: State
        package var to: State
        package var reason: Reason
        /// When a probe may go, for a transition to `open`.
        package var probeAt: EpochMillis?
    }

    /// Why the state changed.
    package enum Reason: Sendable, Equatable, CustomStringConvertible {
        case consecutiveFailures(Int)
        case failureRatio(failures: Int, calls: Int)
        case cooldownOver
        case probeSucceeded
        case probeFailed
        /// A reload set `enabled = false`.
        case switchedOff
        /// The target is a new one (its address changed), so what was counted no longer applies.
        case targetReplaced

        package var description: String {
            switch self {
            case .consecutiveFailures(let count): "\(count) consecutive failures"
            case .failureRatio(let failures, let calls): "\(failures) of the last \(calls) calls failed"
            case .cooldownOver: "the cool-down is over"
            case .probeSucceeded: "the probe succeeded"
            case .probeFailed: "the probe failed"
            case .switchedOff: "switched off (enabled = false)"
            case .targetReplaced: "the target's address changed"
            }
        }
    }

    private enum Phase: Sendable, Equatable {
        case closed(consecutiveFailures: Int, window: FailureWindow)
        case open(until: EpochMillis)
        /// `probing`: the probe is out; every other delivery is held.
        case halfOpen(probing: Bool)
    }

    package private(set) var configuration: Configuration
    private var phase: Phase
    /// The cool-down of the next (or current) opening, in milliseconds:
    /// the configured one after a close, doubled by each failed probe.
    private var cooldown: Int64
    /// Moves on at every change of state; tickets of an older one are stale.
    private var generation = 0

    package init(_ configuration: Configuration = Configuration()) {
        self.configuration = configuration
        phase = Self.closed(configuration)
        cooldown = configuration.cooldownMilliseconds
    }

    package var state: State {
        switch phase {
        case .closed: .closed
        case .open: .open
        case .halfOpen: .halfOpen
        }
    }

    /// While open: when the cool-down ends and a probe may go.
    package var probeAt: EpochMillis? {
        if case .open(let until) = phase { return until }
        return nil
    }

    /// Whether a delivery may go to the target at `now`; asking an open
    /// breaker whose cool-down is over makes it half-open (the transition)
    /// and lets this delivery through as the probe.
    package mutating func admit(now: EpochMillis) -> (admission: Admission, transition: Transition?) {
        guard configuration.enabled else { return (.pass(ticket), nil) }
        switch phase {
        case .closed:
            return (.pass(ticket), nil)
        case .open(let until):
            guard now >= until else { return (.hold(until: until), nil) }
            let transition = move(to: .halfOpen(probing: true), .cooldownOver)
            return (.pass(ticket), transition)
        case .halfOpen(let probing):
            // The probe's answer is not known yet: the others come back a cool-down later.
            if probing { return (.hold(until: Self.sum(now, configuration.cooldownMilliseconds)), nil) }
            phase = .halfOpen(probing: true)
            return (.pass(ticket), nil)
        }
    }

    /// Records what a delivery admitted with `ticket` showed at `now`; the
    /// transition when that changed the state.
    package mutating func record(_ result: CallResult, ticket: Ticket, now: EpochMillis) -> Transition? {
        guard configuration.enabled, ticket.generation == generation else { return nil }
        switch phase {
        case .closed(var consecutive, var window):
            guard result != .inconclusive else { return nil }
            let failed = result == .failure
            consecutive = failed ? consecutive + 1 : 0
            window.add(failed: failed, now: now)
            phase = .closed(consecutiveFailures: consecutive, window: window)
            guard failed else { return nil }
            if consecutive >= configuration.failures {
                return open(now: now, .consecutiveFailures(consecutive))
            }
            let (calls, failures) = window.totals(now: now)
            if calls >= configuration.minCalls, Double(failures) >= configuration.failureRatio * Double(calls) {
                return open(now: now, .failureRatio(failures: failures, calls: calls))
            }
            return nil
        case .open:
            return nil
        case .halfOpen:
            switch result {
            case .success:
                cooldown = configuration.cooldownMilliseconds
                return move(to: Self.closed(configuration), .probeSucceeded)
            case .failure:
                let ceiling = configuration.maxCooldownMilliseconds
                cooldown = cooldown > ceiling / 2 ? ceiling : min(cooldown * 2, ceiling)
                return open(now: now, .probeFailed)
            case .inconclusive:
                // No verdict: the next delivery is the probe.
                phase = .halfOpen(probing: false)
                return nil
            }
        }
    }

    /// Takes a reloaded configuration; an unchanged one changes nothing.
    /// `enabled = false` closes the breaker and forgets its counts.
    /// Otherwise it keeps its state: an open breaker waits out the
    /// cool-down it opened with, the next cool-down is kept within the new
    /// bounds, and the failures counted so far still count (the ratio's
    /// window starts afresh when its length changed).
    package mutating func reconfigure(_ new: Configuration) -> Transition? {
        guard new != configuration else { return nil }
        let wasEnabled = configuration.enabled
        configuration = new
        cooldown = min(max(cooldown, new.cooldownMilliseconds), new.maxCooldownMilliseconds)
        if !new.enabled || !wasEnabled {
            cooldown = new.cooldownMilliseconds
            guard state != .closed else {
                phase = Self.closed(new)
                return nil
            }
            return move(to: Self.closed(new), .switchedOff)
        }
        if case .closed(let consecutive, let window) = phase, window.length != new.windowMilliseconds {
            phase = .closed(consecutiveFailures: consecutive, window: FailureWindow(length: new.windowMilliseconds))
        }
        return nil
    }

    /// Closes the breaker and forgets its counts: the target was replaced
    /// by another (its address changed), whose health nothing here knows.
    package mutating func reset() -> Transition? {
        cooldown = configuration.cooldownMilliseconds
        guard state != .closed else {
            phase = Self.closed(configuration)
            return nil
        }
        return move(to: Self.closed(configuration), .targetReplaced)
    }

    private var ticket: Ticket { Ticket(generation: generation) }

    private mutating func open(now: EpochMillis, _ reason: Reason) -> Transition {
        move(to: .open(until: Self.sum(now, cooldown)), reason)
    }

    private mutating func move(to next: Phase, _ reason: Reason) -> Transition {
        let from = state
        phase = next
        generation &+= 1
        return Transition(from: from, to: state, reason: reason, probeAt: probeAt)
    }

    private static func closed(_ configuration: Configuration) -> Phase {
        .closed(consecutiveFailures: 0, window: FailureWindow(length: configuration.windowMilliseconds))
    }

    /// `time + milliseconds`, saturating: a cool-down of centuries is merely very long.
    private static func sum(_ time: EpochMillis, _ milliseconds: Int64) -> EpochMillis {
        let (total, overflow) = time.addingReportingOverflow(milliseconds)
        return overflow ? .max : total
    }
}
