@testable import Bridge
@testable import Delivery
import Foundation
import Outbound
import Rules
import Sniffer
import SnifferSim
import Store
import Telemetry
import TestSupport
import Testing

/// The scheduler with Sniffer's breaker, on a manual clock: Sniffer goes
/// down, its actions are held without spending attempts, one probe per
/// cool-down reaches it, and once it is back everything is delivered.
@Suite struct TargetBreakerSchedulerTests {
    /// Six create_bug actions on six keys, a scheduler over them, Sniffer down.
    struct Fixture {
        let store = InMemoryStore()
        let simulator: SnifferSimulator
        let inner: InProcessTransport
        let outage: OutageTransport
        let clock = ManualClock()
        let metrics = GatewayMetrics()
        let logs = InMemoryLogHandler()
        let scheduler: DeliveryScheduler
        static let cooldown: Int64 = 10_000

        init() async throws {
            simulator = try SnifferSimulator(configuration: .strict)
            inner = InProcessTransport(handler: simulator)
            outage = OutageTransport(inner)
            let client = SnifferClient(
                configuration: SnifferConfiguration(baseURL: "http://sniffer.test", token: Secret(simulator.seed.token)),
                transport: outage)
            let executor = ActionExecutor(
                client: client, store: store, defaultProject: simulator.seed.project, resolvedStatuses: ["Resolved"])
            let breaker = CircuitBreaker.Configuration(
                failures: 3, minCalls: 1_000, cooldown: .milliseconds(Self.cooldown), maxCooldown: .seconds(40))
            scheduler = DeliveryScheduler(
                configuration: .init(
                    concurrency: 8, pollInterval: .milliseconds(20),
                    retryPolicy: RetryPolicy(baseDelay: .seconds(1), maxDelay: .seconds(1), maxAttempts: 50, maxAge: .seconds(3_600)),
                    breakers: [.sniffer: breaker]),
                store: store, executor: executor, logger: Logger(label: "test", level: .debug, handler: logs), clock: clock,
                metrics: metrics.delivery)
            for key in 1...6 {
                let action = Action(rule: "r", dedupKey: "key-\(key)", kind: .createBug(Action.CreateBug(
                    fields: Action.BugFields(summary: "failure \(key)", type: "DEFECT"), onDuplicate: .comment,
                    reopenWindowSeconds: 60, reopenStatus: "Open", duplicateComment: "again")))
                let event = NewEvent(
                    source: "ci", deliveryID: "d\(key)", name: "failure", receivedAt: clock.now, headers: [], payload: [])
                _ = try await store.append(
                    event, actions: [NewAction(dedupKey: "key-\(key)", kind: "create_bug", payload: ActionCodec.encode(action))])
            }
        }

        var breaker: TargetGates.Status? { scheduler.targetStatuses.first { $0.target == .sniffer } }

        func actions() async throws -> [OutboxAction] { try await store.actions(state: nil, afterID: 0, limit: 100) }

        /// Waits until no delivery is running and every action is pending, due at `due` (when given).
        func settled(_ what: String, due: EpochMillis? = nil) async throws {
            try await waitUntil(what) {
                let actions = try await actions()
                return scheduler.inFlight == 0 && actions.allSatisfy { $0.state == .pending && (due == nil || $0.nextAttemptAt == due) }
            }
        }

        /// Moves the clock on and waits until the claim loop has looked again and gone back to sleep.
        func advanceIdle(by duration: Duration) async throws {
            let later = clock.advance(by: duration)
            try await waitUntil("the claim loop looked again") { clock.sleepers(since: later) >= 1 && scheduler.inFlight == 0 }
        }

        func messages(_ prefix: String) -> Int { logs.messages.filter { $0.hasPrefix(prefix) }.count }
    }

    @Test func aTargetThatIsDownGetsOneProbePerCooldownAndEverythingIsDeliveredWhenItIsBack() async throws {
        let f = try await Fixture()
        let running = Task { await f.scheduler.run() }
        defer { running.cancel() }

        // Down: the third failure in a row opens the breaker. The deliveries
        // already under way fail too; those not yet started are held.
        try await waitUntil("the breaker opens") { f.breaker?.breaker == .open }
        try await f.settled("the first round is recorded")
        let sent = f.outage.requests
        #expect((3...6).contains(sent), "\(sent) requests before the breaker opened")
        let firstProbe = try #require(f.breaker?.probeAt)
        #expect(firstProbe == f.clock.now + Fixture.cooldown)
        #expect(try await f.actions().filter { $0.attempts == 1 }.count == sent, "one attempt per request, none for a held action")

        // Open: the retries come due and are held until the probe, without an attempt.
        f.clock.advance(by: .seconds(1))
        try await f.settled("every action is held until the probe", due: firstProbe)
        for _ in 1...8 { try await f.advanceIdle(by: .seconds(1)) }
        #expect(f.outage.requests == sent, "an open breaker let a request through")
        #expect(try await f.actions().allSatisfy { $0.attempts <= 1 })

        // The cool-down is over: exactly one probe; it fails, the next cool-down is twice as long.
        f.clock.advance(by: .milliseconds(firstProbe - f.clock.now))
        let secondProbe = firstProbe + 2 * Fixture.cooldown
        try await waitUntil("the failed probe re-opens the breaker") {
            f.breaker?.breaker == .open && f.breaker?.probeAt == secondProbe
        }
        try await f.settled("the probe's round is recorded")
        #expect(f.outage.requests == sent + 1, "one probe per cool-down")
        f.clock.advance(by: .milliseconds(Fixture.cooldown))
        try await f.settled("every action is held until the second probe", due: secondProbe)
        #expect(f.outage.requests == sent + 1)

        // Back up. While the probe is out, the others are held a cool-down on.
        f.outage.setDown(false)
        f.outage.parkNextRequest()
        f.clock.advance(by: .milliseconds(secondProbe - f.clock.now))
        let heldUntil = secondProbe + Fixture.cooldown
        try await waitUntil("the probe is out and the others are held") {
            let others = try await f.actions().filter { $0.state == .pending }
            return f.outage.isParked && f.breaker?.breaker == .halfOpen && others.count == 5
                && others.allSatisfy { $0.nextAttemptAt == heldUntil }
        }
        #expect(f.outage.requests == sent + 2, "a second delivery reached Sniffer while the probe was out")
        f.outage.release()
        try await waitUntil("the probe's success closes the breaker") { f.breaker?.breaker == .closed }
        f.clock.advance(by: .milliseconds(Fixture.cooldown))
        try await waitUntil("everything is delivered") { try await f.store.counts().actions[.done] == 6 }
        f.scheduler.stop()
        await running.value

        let actions = try await f.actions()
        #expect(actions.allSatisfy { $0.state == .done })
        // The attempts are the first round's failures, the failed probe and one success each: holding spent none.
        #expect(actions.map(\.attempts).reduce(0, +) == sent + 1 + 6, "\(actions.map(\.attempts))")
        #expect(try await f.store.counts().actions[.dead, default: 0] == 0)
        let bugs = try await SimInspector(
            baseURL: "http://sniffer.test", token: f.simulator.seed.token, project: f.simulator.seed.project, transport: f.inner
        ).bugs()
        #expect(bugs.count == 6)

        // One log line per change of state, none per held action.
        #expect(f.messages("Circuit breaker opened: ") == 1)
        #expect(f.messages("Circuit breaker opened again") == 1)
        #expect(f.messages("Circuit breaker half-open") == 2)
        #expect(f.messages("Circuit breaker closed") == 1)
        let metrics = try PrometheusFormatChecker.check(f.metrics.registry.render())
        #expect(metrics.value("sniffer_bridge_target_breaker_state", ["target": "sniffer"]) == 0)
        #expect(metrics.value("sniffer_bridge_target_breaker_transitions_total", ["target": "sniffer", "to": "open"]) == 2)
        #expect(metrics.value("sniffer_bridge_target_breaker_transitions_total", ["target": "sniffer", "to": "half_open"]) == 2)
        #expect(metrics.value("sniffer_bridge_target_breaker_transitions_total", ["target": "sniffer", "to": "closed"]) == 1)
        #expect(metrics.value("sniffer_bridge_target_breaker_held_total", ["target": "sniffer"]) ?? 0 >= 6 + 5)
    }

    @Test func theGaugeFollowsTheBreaker() async throws {
        let f = try await Fixture()
        let fresh = try PrometheusFormatChecker.check(f.metrics.registry.render())
        #expect(fresh.value("sniffer_bridge_target_breaker_state", ["target": "sniffer"]) == 0)
        #expect(fresh.value("sniffer_bridge_target_breaker_transitions_total", ["target": "sniffer", "to": "open"]) == 0)
        #expect(fresh.family("sniffer_bridge_target_breaker_state")?.type == "gauge")
        let running = Task { await f.scheduler.run() }
        defer { running.cancel() }
        try await waitUntil("the breaker opens") { f.breaker?.breaker == .open }
        try await f.settled("the first round is recorded")
        let open = try PrometheusFormatChecker.check(f.metrics.registry.render())
        #expect(open.value("sniffer_bridge_target_breaker_state", ["target": "sniffer"]) == 2)
        // The probe is parked: half-open while it is out.
        f.outage.parkNextRequest()
        f.clock.advance(by: .milliseconds(Fixture.cooldown))
        try await waitUntil("the probe is out") { f.outage.isParked }
        let probing = try PrometheusFormatChecker.check(f.metrics.registry.render())
        #expect(probing.value("sniffer_bridge_target_breaker_state", ["target": "sniffer"]) == 1)
        f.outage.release()
        try await waitUntil("the failed probe re-opens it") { f.breaker?.breaker == .open }
        f.scheduler.stop()
        await running.value
    }

    @Test func aPausedTargetIsHeldWithoutARequestUntilItsClientIsReplaced() async throws {
        let gates = TargetGates()
        #expect(gates.pause(.sniffer, reason: "Sniffer refused the API token: expired"))
        #expect(!gates.pause(.sniffer, reason: "again"), "a pause is reported once")
        #expect(gates.admit(.sniffer, now: 1).admission == .paused)
        #expect(gates.allPaused(among: [.sniffer]), "Sniffer is the only target: nothing is worth claiming")
        #expect(!gates.allPaused, "Snipe-IT still takes deliveries")
        #expect(gates.statuses.first?.pauseReason == "Sniffer refused the API token: expired")
        #expect(gates.resume([.sniffer]) == [.sniffer])
        #expect(gates.resume([.sniffer]).isEmpty)
        guard case .deliver = gates.admit(.sniffer, now: 2).admission else {
            Issue.record("a resumed target still holds its deliveries")
            return
        }
    }

    @Test func aReloadKeepsAnOpenBreakerAndANewAddressClosesIt() async throws {
        let f = try await Fixture()
        let running = Task { await f.scheduler.run() }
        defer { running.cancel() }
        try await waitUntil("the breaker opens") { f.breaker?.breaker == .open }
        try await f.settled("the first round is recorded")
        let probeAt = f.breaker?.probeAt
        var changed = CircuitBreaker.Configuration(failures: 3, minCalls: 1_000, cooldown: .seconds(10), maxCooldown: .seconds(40))
        f.scheduler.configureBreakers([.sniffer: changed])
        #expect(f.breaker?.breaker == .open && f.breaker?.probeAt == probeAt, "an unchanged table changed the breaker")
        changed.failures = 10
        f.scheduler.configureBreakers([.sniffer: changed])
        #expect(f.breaker?.breaker == .open && f.breaker?.probeAt == probeAt, "a changed table keeps the state")
        f.scheduler.configureBreakers([.sniffer: changed], resetting: [.sniffer])
        #expect(f.breaker?.breaker == .closed)
        #expect(f.messages("Circuit breaker closed") == 1)
        f.scheduler.stop()
        await running.value
    }

    @Test func everyActionKindHasItsTarget() {
        let kinds: [(Action.Kind, DeliveryTarget?)] = [
            (.comment(Action.Comment(text: "x")), .sniffer),
            (.reply(Action.Reply(text: "x")), nil),
            (.followUp(Action.FollowUp(url: "https://hooks.slack.com/x", success: "ok", failure: "no")), nil),
        ]
        for (kind, target) in kinds { #expect(DeliveryTarget(kind) == target, "\(kind.name)") }
        #expect(DeliveryTarget.owningToken(of: kinds[2].0) == .sniffer, "a follow-up reads its bug from Sniffer")
    }
}
