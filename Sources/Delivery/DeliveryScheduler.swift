import Outbound
import Rules
import Store
import Synchronization
import Telemetry

/// Runs the outbox: claims due actions (one per dedup key at a time, the
/// store guarantees it), delivers up to `concurrency` at once, and records
/// each outcome as `DeliveryDecision` says.
///
/// Each delivery target has a gate (`TargetGates`): a circuit breaker that
/// holds the target's deliveries while it keeps failing, and a pause for a
/// refused token that lasts until the executor (its client) is replaced.
/// What a gate holds goes back to the outbox without spending an attempt;
/// the other targets' deliveries go on.
package final class DeliveryScheduler: Sendable {
    /// How hard and how often the scheduler works.
    package struct Configuration: Sendable {
        /// Actions delivered in parallel (different dedup keys).
        package var concurrency: Int
        /// How long an idle scheduler sleeps before looking for due retries.
        package var pollInterval: Duration
        package var retryPolicy: RetryPolicy
        /// Each target's circuit breaker; a target left out gets the defaults.
        package var breakers: [DeliveryTarget: CircuitBreaker.Configuration]
        /// How long a paused target's actions are given back for while other
        /// targets still deliver. (While every target is paused nothing is
        /// claimed, and a refused action is due again at once, for the moment
        /// its client is replaced.)
        package var pausedTargetHold: Duration

        package init(
            concurrency: Int = 16, pollInterval: Duration = .milliseconds(200), retryPolicy: RetryPolicy = RetryPolicy(),
            breakers: [DeliveryTarget: CircuitBreaker.Configuration] = [:], pausedTargetHold: Duration = .seconds(30)
        ) {
            self.concurrency = max(1, concurrency)
            self.pollInterval = pollInterval
            self.retryPolicy = retryPolicy
            self.breakers = breakers
            self.pausedTargetHold = pausedTargetHold
        }
    }

    private struct State {
        var executor: ActionExecutor
        var inFlight = 0
        var stopping = false
    }

    package let configuration: Configuration
    private let store: any Outbox
    let logger: Logger
    let clock: any GatewayClock
    private let state: Mutex<State>
    private let wakeup: Wakeup
    /// Each target's breaker and pause.
    let gates: TargetGates
    /// Deliveries by outcome, retries, dead letters and breakers (`nil` in tests that need none).
    let metrics: DeliveryMetrics?
    /// Where each attempt's span goes (`nil`: traces are propagated, not exported).
    let spans: (any SpanSink)?

    package init(
        configuration: Configuration, store: any Outbox, executor: ActionExecutor, logger: Logger,
        clock: any GatewayClock = SystemClock(), metrics: DeliveryMetrics? = nil, spans: (any SpanSink)? = nil
    ) {
        self.spans = spans
        self.wakeup = Wakeup(clock: clock)
        self.metrics = metrics
        self.configuration = configuration
        self.store = store
        self.logger = logger
        self.clock = clock
        self.state = Mutex(State(executor: executor))
        let gates = TargetGates(breakers: configuration.breakers)
        self.gates = gates
        metrics?.breakers.watch { gates.statuses.map { ($0.target, $0.breaker) } }
    }

    /// Why deliveries are paused (each paused target's refused token), or `nil` while they run.
    package var pauseReason: String? {
        let reasons = DeliveryTarget.allCases.compactMap { gates.pauseReason(of: $0) }
        return reasons.isEmpty ? nil : reasons.joined(separator: "; ")
    }

    /// Whether every target the executor has a client for is paused.
    var allPaused: Bool { gates.allPaused(among: currentTargets) }

    /// The targets the executor in force has a client for.
    var currentTargets: [DeliveryTarget] { state.withLock { $0.executor.targets } }

    /// Actions being delivered right now.
    package var inFlight: Int { state.withLock { $0.inFlight } }

    /// Looks for due work now rather than at the next poll.
    package func poke() { wakeup.signal() }

    /// New clients (a new token): the deliveries of `targets` resume if they were paused.
    package func replaceExecutor(_ executor: ActionExecutor, resuming targets: [DeliveryTarget] = DeliveryTarget.allCases) {
        state.withLock { $0.executor = executor }
        for target in gates.resume(targets) {
            logger.notice(
                "Deliveries resumed: the \(target.displayName) token was replaced", metadata: [LogKey.target: "\(target.rawValue)"])
        }
        wakeup.signal()
    }

    /// Asks `run` to start no more deliveries and return once those in flight have finished.
    package func stop() {
        state.withLock { $0.stopping = true }
        wakeup.signal()
    }

    /// The claim loop. Each delivery is a child task of one task group, at
    /// most `concurrency` at a time; returns after `stop()` once every
    /// delivery has finished. Cancelling the calling task cuts the
    /// deliveries off (their requests are cancelled and nothing is recorded:
    /// they stay in flight, and the next start makes them due again).
    package func run() async {
        await withDiscardingTaskGroup { group in
            while true {
                let paused = allPaused
                let (stopping, free) = state.withLock { ($0.stopping, configuration.concurrency - $0.inFlight) }
                if stopping || Task.isCancelled { break }
                if paused || free <= 0 {
                    await wakeup.wait(timeout: configuration.pollInterval)
                    continue
                }
                let now = clock.now
                let claimed: [OutboxAction]
                do {
                    claimed = try await store.claimDue(now: now, limit: free)
                } catch {
                    logger.error("Could not claim due deliveries", metadata: [LogKey.error: "\(error)"])
                    await wakeup.wait(timeout: configuration.pollInterval)
                    continue
                }
                if claimed.isEmpty {
                    await wakeup.wait(timeout: configuration.pollInterval)
                    continue
                }
                state.withLock { $0.inFlight += claimed.count }
                for action in claimed {
                    group.addTask {
                        await self.deliver(action, claimedAt: now)
                        self.state.withLock { $0.inFlight -= 1 }
                        self.wakeup.signal()
                    }
                }
            }
        }
    }

    /// One attempt, then its record in the store; or, when its target's
    /// gate holds it, its return to the outbox without an attempt.
    private func deliver(_ action: OutboxAction, claimedAt now: EpochMillis) async {
        let executor = state.withLock { $0.executor }
        // Decoded once here: the executor acts on it and the logs name its rule.
        let decoded = Result { () throws(ActionCodec.DecodingError) in try ActionCodec.decode(action.payload) }
        var metadata: LogMetadata = [
            LogKey.actionID: "\(action.id)", LogKey.eventID: "\(action.eventID)", "kind": "\(action.kind)",
            "dedup_key": "\(action.dedupKey)",
        ]
        if case .success(let payload) = decoded, !payload.rule.isEmpty { metadata[LogKey.rule] = "\(payload.rule)" }
        // The attempt continues its event's trace; each request it makes carries it as `traceparent`.
        let parent = (try? decoded.get()).flatMap { $0.trace }.flatMap { TraceContext(traceparent: $0) }
        let attempt = parent?.child() ?? TraceContext.root()
        metadata[LogKey.traceID] = "\(attempt.traceID.hex)"
        let attemptStart = Span.now()
        var pass: Pass?
        if case .success(let payload) = decoded, let target = DeliveryTarget(payload.kind) {
            guard let admitted = await admitOrHold(action, to: target, now: now, metadata: metadata) else { return }
            pass = admitted
        }
        let outcome: DeliveryOutcome
        switch decoded {
        case .success(let payload):
            outcome = await TraceContext.$current.withValue(attempt) {
                await executor.execute(action, action: payload, now: now)
            }
        case .failure(let error): outcome = .permanent(message: error.description)
        }
        spans?.record(
            Span(
                context: attempt, parentSpanID: parent?.spanID, name: "delivery attempt", kind: .client,
                startNanos: attemptStart, endNanos: Span.now(),
                attributes: [
                    ("action.id", "\(action.id)"), ("action.kind", action.kind), ("action.attempt", "\(action.attempts + 1)"),
                    ("event.id", "\(action.eventID)"), ("outcome", outcome.spanName),
                ], error: outcome.failureMessage))
        // Cut off at the stop deadline: whether Sniffer applied it is unknown,
        // so it stays in flight and the next start looks before it repeats it.
        if Task.isCancelled {
            if let pass { settle(pass, .inconclusive, now: clock.now, error: nil) }
            logger.notice("Delivery cut off by the stop; it stays in flight for the next start", metadata: metadata)
            return
        }
        var random = SystemRandomNumberGenerator()
        let finished = clock.now
        if let pass { settle(pass, outcome.breakerResult, now: finished, error: outcome.failureMessage) }
        if case .tokenRejected(let message) = outcome, case .success(let payload) = decoded {
            pause(DeliveryTarget.owningToken(of: payload.kind), message)
        }
        let decision = DeliveryDecision.decide(
            outcome, action: action, policy: configuration.retryPolicy, now: finished, random: &random)
        metrics?.record(decision)
        await record(decision, of: action, at: finished, metadata: metadata)
    }

    /// Writes the decision to the store, trying again until it lands: until
    /// then the action stays in flight and its key's later actions wait, so
    /// giving up would hold them until a restart. A full disk is the usual
    /// cause; once space returns the next attempt succeeds by itself. Only a
    /// stop that cuts the delivery off leaves it in flight, for the next start.
    func record(
        _ decision: DeliveryDecision, of action: OutboxAction, at finished: EpochMillis, metadata: LogMetadata
    ) async {
        var delay = Self.firstOutcomeRetryDelay
        var failures = 0
        while true {
            do {
                try await write(decision, of: action, at: finished, metadata: metadata)
                if failures > 0 {
                    logger.notice(
                        "Delivery outcome recorded after \(failures) failed writes",
                        metadata: metadata.merging(["failed_writes": "\(failures)"]) { $1 })
                }
                return
            } catch {
                failures += 1
                metrics?.outcomeWriteFailed()
                if failures == 1 {
                    logger.error(
                        "Could not record a delivery outcome; trying again until it lands",
                        metadata: metadata.merging([LogKey.error: "\(error)"]) { $1 })
                }
            }
            do { try await clock.sleep(for: delay) } catch {
                logger.notice(
                    "Delivery outcome not recorded before the stop; the action stays in flight for the next start",
                    metadata: metadata)
                return
            }
            delay = min(delay * 2, Self.maxOutcomeRetryDelay)
        }
    }

    private static let firstOutcomeRetryDelay: Duration = .milliseconds(50)
    private static let maxOutcomeRetryDelay: Duration = .seconds(1)

    private func write(
        _ decision: DeliveryDecision, of action: OutboxAction, at finished: EpochMillis, metadata: LogMetadata
    ) async throws(StoreError) {
        switch decision {
        case .complete(let result, let output):
            try await store.complete(actionID: action.id, result: result, output: output, now: finished)
            logger.info("Delivered", metadata: metadata.merging(["result": "\(result)"]) { $1 })
        case .retry(let at, let error):
            try await store.retry(actionID: action.id, at: at, error: error, now: finished)
            logger.info(
                "Delivery failed; will retry",
                metadata: metadata.merging([LogKey.error: "\(error)", "retry_in_ms": "\(at - finished)"]) { $1 })
        case .deadLetter(let error):
            try await store.deadLetter(actionID: action.id, error: error, now: finished)
            logger.warning("Delivery dead-lettered", metadata: metadata.merging([LogKey.error: "\(error)"]) { $1 })
        case .releaseAndPause:
            // `deliver` paused the target already, before this write.
            try await store.release(actionID: action.id, at: finished)
        case .gated(let until):
            // Logged once per change of the gate, not once per action it holds.
            try await store.release(actionID: action.id, at: until)
        case .hold(let until):
            try await store.release(actionID: action.id, at: until)
            logger.debug(
                "Held to coalesce with the repeats that follow",
                metadata: metadata.merging(["until_ms": "\(until - finished)"]) { $1 })
        }
    }
}
