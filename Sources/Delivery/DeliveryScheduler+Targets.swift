import Store
import Telemetry

/// The scheduler's side of the target gates: it asks before a delivery,
/// reports what the delivery showed, and writes the one log line (and the
/// metrics) of every change of a breaker's state or of a pause.
extension DeliveryScheduler {
    /// A delivery its target's gate let through, with what to report its result with.
    struct Pass {
        let target: DeliveryTarget
        let ticket: CircuitBreaker.Ticket
    }

    /// Why `target` is paused (its token was refused), or `nil`.
    package func pauseReason(of target: DeliveryTarget) -> String? { gates.pauseReason(of: target) }

    /// The breaker and pause of every target the executor has a client
    /// for (Snipe-IT only with `[snipeit]`), for `/readyz`.
    package var targetStatuses: [TargetGates.Status] {
        let targets = Set(currentTargets)
        return gates.statuses.filter { targets.contains($0.target) }
    }

    /// Takes reloaded breaker settings (see `CircuitBreaker.reconfigure`)
    /// and closes the breakers of `resetting`, whose targets were replaced.
    package func configureBreakers(
        _ breakers: [DeliveryTarget: CircuitBreaker.Configuration], resetting: Set<DeliveryTarget> = []
    ) {
        for change in gates.reconfigure(breakers, resetting: resetting) {
            report(change.transition, of: change.target, error: nil)
        }
        poke()
    }

    /// The pass of a delivery to `target` at `now`, or `nil` once the
    /// action is back in the outbox without an attempt: until the breaker
    /// may probe (or, while its probe is out, a cool-down later), or, for a
    /// paused target, at once if every target is paused (nothing is claimed
    /// then) and `pausedTargetHold` later otherwise.
    func admitOrHold(
        _ action: OutboxAction, to target: DeliveryTarget, now: EpochMillis, metadata: LogMetadata
    ) async -> Pass? {
        let (admission, transition) = gates.admit(target, now: now)
        if let transition { report(transition, of: target, error: nil) }
        switch admission {
        case .deliver(let ticket):
            return Pass(target: target, ticket: ticket)
        case .hold(let until):
            metrics?.breakers.recordHeld(target)
            await record(.gated(until: until), of: action, at: now, metadata: metadata)
            return nil
        case .paused:
            let until = allPaused ? now : now + DeliveryDecision.milliseconds(configuration.pausedTargetHold)
            await record(.gated(until: until), of: action, at: now, metadata: metadata)
            return nil
        }
    }

    /// Reports to the breaker what the delivery let through with `pass` showed.
    func settle(_ pass: Pass, _ result: CircuitBreaker.CallResult, now: EpochMillis, error: String?) {
        if let transition = gates.record(result, ticket: pass.ticket, for: pass.target, now: now) {
            report(transition, of: pass.target, error: error)
        }
    }

    /// Pauses `target`'s deliveries; logs only on the change, not once per refused action.
    func pause(_ target: DeliveryTarget, _ message: String) {
        guard gates.pause(target, reason: "\(target.displayName) refused the API token: \(message)") else { return }
        logger.error(
            "Deliveries paused: \(target.displayName) refused the API token; replace the token (config reload or restart)",
            metadata: [LogKey.target: "\(target.rawValue)", LogKey.error: "\(message)"])
    }

    /// The one log line and the metrics of a breaker's change of state.
    private func report(_ transition: CircuitBreaker.Transition, of target: DeliveryTarget, error: String?) {
        metrics?.breakers.record(transition, of: target)
        var metadata: LogMetadata = [
            LogKey.target: "\(target.rawValue)", "reason": "\(transition.reason)", "from": "\(transition.from.name)",
        ]
        if let probeAt = transition.probeAt { metadata["probe_in_ms"] = "\(max(0, probeAt - clock.now))" }
        if let error { metadata[LogKey.error] = "\(error)" }
        switch (transition.from, transition.to) {
        case (.closed, .open):
            logger.warning("Circuit breaker opened: deliveries to the target are held until a probe succeeds", metadata: metadata)
        case (_, .open):
            logger.warning("Circuit breaker opened again: the probe failed; the cool-down grows", metadata: metadata)
        case (_, .halfOpen):
            logger.notice("Circuit breaker half-open: one delivery probes the target", metadata: metadata)
        case (_, .closed):
            logger.notice("Circuit breaker closed: deliveries to the target resume", metadata: metadata)
        }
    }
}
