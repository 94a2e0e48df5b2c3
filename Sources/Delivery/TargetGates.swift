import Store
import Synchronization

/// Whether each delivery target takes deliveries now: its circuit breaker
/// and its token pause, all behind one lock. The scheduler asks before each
/// delivery to a target and reports what the delivery showed; `/metrics`
/// and `/readyz` read `statuses`. Every target has a gate from the start.
package final class TargetGates: Sendable {
    /// What a target says to one delivery.
    package enum Admission: Sendable, Equatable {
        /// Deliver it, then report what it showed with the ticket.
        case deliver(CircuitBreaker.Ticket)
        /// The breaker holds it (open, or its probe is out): due again at `until`.
        case hold(until: EpochMillis)
        /// The target refused the gateway's token: held until it is replaced.
        case paused
    }

    /// One target as `/readyz` and `/metrics` show it.
    package struct Status: Sendable, Equatable {
        package var target: DeliveryTarget
        package var breaker: CircuitBreaker.State
        /// `false`: `enabled = false`, every delivery goes through.
        package var breakerEnabled: Bool
        /// While the breaker is open: when its probe may go.
        package var probeAt: EpochMillis?
        /// Why the target's deliveries are paused (a refused token), or `nil`.
        package var pauseReason: String?
    }

    private struct Gate {
        var breaker: CircuitBreaker
        var pauseReason: String?
    }

    private let gates: Mutex<[DeliveryTarget: Gate]>

    /// A closed breaker per target with its configuration (the defaults for one left out), none paused.
    package init(breakers: [DeliveryTarget: CircuitBreaker.Configuration] = [:]) {
        var gates: [DeliveryTarget: Gate] = [:]
        for target in DeliveryTarget.allCases {
            gates[target] = Gate(breaker: CircuitBreaker(breakers[target] ?? CircuitBreaker.Configuration()))
        }
        self.gates = Mutex(gates)
    }

    /// Whether a delivery may go to `target` at `now`, and the breaker's
    /// change of state if asking caused one (its cool-down was over).
    package func admit(_ target: DeliveryTarget, now: EpochMillis) -> (admission: Admission, transition: CircuitBreaker.Transition?) {
        gates.withLock { gates in
            if gates[target]?.pauseReason != nil { return (.paused, nil) }
            let (admission, transition) = gates[target, default: Self.fresh].breaker.admit(now: now)
            switch admission {
            case .pass(let ticket): return (.deliver(ticket), transition)
            case .hold(let until): return (.hold(until: until), transition)
            }
        }
    }

    /// Records what a delivery admitted with `ticket` showed of `target`; the breaker's change of state, if any.
    package func record(
        _ result: CircuitBreaker.CallResult, ticket: CircuitBreaker.Ticket, for target: DeliveryTarget, now: EpochMillis
    ) -> CircuitBreaker.Transition? {
        gates.withLock { $0[target, default: Self.fresh].breaker.record(result, ticket: ticket, now: now) }
    }

    /// Pauses `target`; `true` only when it was not paused already.
    package func pause(_ target: DeliveryTarget, reason: String) -> Bool {
        gates.withLock { gates in
            guard gates[target]?.pauseReason == nil else { return false }
            gates[target, default: Self.fresh].pauseReason = reason
            return true
        }
    }

    /// Lifts the pause of `targets`; returns those that were paused.
    package func resume(_ targets: [DeliveryTarget]) -> [DeliveryTarget] {
        gates.withLock { gates in
            targets.filter { target in
                defer { gates[target]?.pauseReason = nil }
                return gates[target]?.pauseReason != nil
            }
        }
    }

    /// Whether every target is paused: then nothing is worth claiming.
    package var allPaused: Bool { allPaused(among: DeliveryTarget.allCases) }

    /// Whether every one of `targets` (those the gateway has a client for) is paused.
    package func allPaused(among targets: [DeliveryTarget]) -> Bool {
        gates.withLock { gates in targets.allSatisfy { gates[$0]?.pauseReason != nil } }
    }

    /// Why `target` is paused, or `nil`.
    package func pauseReason(of target: DeliveryTarget) -> String? {
        gates.withLock { $0[target]?.pauseReason }
    }

    /// Takes reloaded breaker configurations (a target left out gets the
    /// defaults) and closes the breakers of `resetting`; returns the
    /// changes of state that caused.
    package func reconfigure(
        _ breakers: [DeliveryTarget: CircuitBreaker.Configuration], resetting: Set<DeliveryTarget> = []
    ) -> [(target: DeliveryTarget, transition: CircuitBreaker.Transition)] {
        gates.withLock { gates in
            var changes: [(target: DeliveryTarget, transition: CircuitBreaker.Transition)] = []
            for target in DeliveryTarget.allCases {
                var breaker = gates[target, default: Self.fresh].breaker
                if let transition = breaker.reconfigure(breakers[target] ?? CircuitBreaker.Configuration()) {
                    changes.append((target, transition))
                }
                if resetting.contains(target), let transition = breaker.reset() { changes.append((target, transition)) }
                gates[target, default: Self.fresh].breaker = breaker
            }
            return changes
        }
    }

    /// Every target, in `DeliveryTarget.allCases` order.
    package var statuses: [Status] {
        gates.withLock { gates in
            DeliveryTarget.allCases.map { target in
                let gate = gates[target, default: Self.fresh]
                return Status(
                    target: target, breaker: gate.breaker.state, breakerEnabled: gate.breaker.configuration.enabled,
                    probeAt: gate.breaker.probeAt, pauseReason: gate.pauseReason)
            }
        }
    }

    /// Only the fallback of a dictionary look-up: `init` gives every target its gate.
    private static var fresh: Gate { Gate(breaker: CircuitBreaker()) }
}
