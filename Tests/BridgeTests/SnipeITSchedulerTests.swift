@testable import Bridge
@testable import Delivery
import Foundation
import Outbound
import Rules
import Sniffer
import SnifferSim
import SnipeIT
import SnipeITSim
import Store
import Synchronization
import Telemetry
import TestSupport
import Testing

/// The scheduler with both targets: Snipe-IT's own rate limit (one token
/// bucket shared by every delivery) and its own breaker, which holds only
/// its deliveries while Sniffer's go on.
@Suite(.serialized) struct SnipeITSchedulerTests {
    /// Stamps each request on its way to the simulator.
    final class StampingTransport: HTTPTransport {
        let inner: any HTTPTransport
        let stamps = Mutex<[ContinuousClock.Instant]>([])
        init(_ inner: any HTTPTransport) { self.inner = inner }
        func send(_ request: OutboundRequest) async -> Result<OutboundResponse, TransportFailure> {
            stamps.withLock { $0.append(ContinuousClock.now) }
            return await inner.send(request)
        }
    }

    static func lookup(_ key: String, tag: String = "LAPTOP-0001") -> Action {
        Action(rule: "r", dedupKey: key, kind: .lookupAsset(Action.LookupAsset(tag: tag)), stepID: "asset")
    }

    static func create(_ key: String) -> Action {
        Action(rule: "r", dedupKey: key, kind: .createBug(Action.CreateBug(
            fields: Action.BugFields(summary: "failure \(key)", type: "DEFECT"), onDuplicate: .comment)))
    }

    static func enqueue(_ actions: [Action], into store: InMemoryStore, at now: EpochMillis) async throws {
        for (index, action) in actions.enumerated() {
            let event = NewEvent(source: "ci", deliveryID: "d\(index)", name: "e", receivedAt: now, headers: [], payload: Array("{}".utf8))
            let key = action.dedupKey ?? "k\(index)"
            _ = try await store.append(event, actions: [NewAction(dedupKey: key, kind: action.kind.name, payload: ActionCodec.encode(action))])
        }
    }

    static func sniffer(_ simulator: SnifferSimulator) -> SnifferClient {
        SnifferClient(
            configuration: SnifferConfiguration(baseURL: "http://sniffer.test", token: Secret(simulator.seed.token)),
            transport: InProcessTransport(handler: simulator))
    }

    /// 300 look-ups queued at once, 6,000 a minute with a burst of 5: the
    /// requests reach Snipe-IT no faster than the bucket allows, and every
    /// look-up is delivered (none waits its way into a dead letter).
    @Test func queuedLookUpsReachSnipeITAtTheConfiguredRate() async throws {
        let count = 300, perMinute = 6_000, burst = 5
        let store = InMemoryStore()
        let sniffer = try SnifferSimulator(configuration: .strict)
        var simulated = SnipeITSimulator.Configuration()
        simulated.rateLimitPerMinute = 0
        let snipeIT = SnipeITSimulator(configuration: simulated)
        let stamping = StampingTransport(InProcessTransport(handler: snipeIT))
        var configuration = SnipeITConfiguration(baseURL: "http://snipeit.test", token: Secret(SnipeITSimulator.defaultToken))
        configuration.requestsPerMinute = perMinute
        configuration.burst = burst
        let executor = ActionExecutor(
            client: Self.sniffer(sniffer), store: store, defaultProject: sniffer.seed.project, resolvedStatuses: [],
            snipeIT: SnipeITClient(configuration: configuration, transport: stamping))
        try await Self.enqueue((0..<count).map { Self.lookup("asset-\($0)") }, into: store, at: SystemClock().now)
        let scheduler = DeliveryScheduler(
            configuration: .init(concurrency: 32, pollInterval: .milliseconds(20)), store: store, executor: executor,
            logger: Logger(label: "test", handler: InMemoryLogHandler()))
        let start = ContinuousClock.now
        let running = Task { await scheduler.run() }
        try await waitUntil("every look-up is delivered", timeout: .seconds(120)) {
            try await store.counts().actions[.done] == count
        }
        scheduler.stop()
        await running.value
        #expect(try await store.counts().actions[.dead, default: 0] == 0)
        let stamps = stamping.stamps.withLock { $0 }.sorted()
        #expect(stamps.count == count)
        // The k-th request is sent no earlier than its token: a burst at
        // once, then one every interval.
        let interval = Duration.seconds(60) / perMinute
        for (k, stamp) in stamps.enumerated() where k >= burst {
            #expect(stamp - start >= interval * (k - burst + 1) - .milliseconds(1), "request \(k) came too early")
        }
        #expect(snipeIT.receivedRequests.allSatisfy { $0.status == 200 && $0.target.hasPrefix("/api/v1/hardware/bytag/") })
    }

    /// Snipe-IT down for 30 s (virtual time) while Sniffer is up: Sniffer's
    /// deliveries go on, Snipe-IT gets only its breaker's probes, and once
    /// it answers again everything is delivered.
    @Test func snipeITDownHoldsOnlyItsOwnDeliveries() async throws {
        let store = InMemoryStore()
        let clock = ManualClock()
        let sniffer = try SnifferSimulator(configuration: .strict)
        let snipeIT = SnipeITSimulator()
        let outage = OutageTransport(InProcessTransport(handler: snipeIT))
        var configuration = SnipeITConfiguration(baseURL: "http://snipeit.test", token: Secret(SnipeITSimulator.defaultToken))
        configuration.requestsPerMinute = 60_000
        configuration.burst = 1_000
        let executor = ActionExecutor(
            client: Self.sniffer(sniffer), store: store, defaultProject: sniffer.seed.project, resolvedStatuses: [],
            snipeIT: SnipeITClient(configuration: configuration, transport: outage, clock: ManualSnipeITClock()))
        let cooldown: Int64 = 10_000
        let breaker = CircuitBreaker.Configuration(
            failures: 3, minCalls: 1_000, cooldown: .milliseconds(cooldown), maxCooldown: .seconds(40))
        let scheduler = DeliveryScheduler(
            configuration: .init(
                concurrency: 8, pollInterval: .milliseconds(20),
                retryPolicy: RetryPolicy(baseDelay: .seconds(1), maxDelay: .seconds(1), maxAttempts: 50, maxAge: .seconds(3_600)),
                breakers: [.snipeIT: breaker]),
            store: store, executor: executor, logger: Logger(label: "test", handler: InMemoryLogHandler()), clock: clock)
        try await Self.enqueue((1...4).map { Self.lookup("asset-\($0)") } + (1...4).map { Self.create("bug-\($0)") }, into: store, at: clock.now)
        func status(_ target: DeliveryTarget) -> TargetGates.Status? { scheduler.targetStatuses.first { $0.target == target } }
        func lookups() async throws -> [OutboxAction] {
            try await store.actions(state: nil, afterID: 0, limit: 100).filter { $0.kind == "lookup_asset" }
        }
        func settled(_ what: String, due: EpochMillis? = nil) async throws {
            try await waitUntil(what) {
                let waiting = try await lookups()
                return scheduler.inFlight == 0 && waiting.allSatisfy { $0.state == .pending && (due == nil || $0.nextAttemptAt == due) }
            }
        }
        let running = Task { await scheduler.run() }
        defer { running.cancel() }

        try await waitUntil("Snipe-IT's breaker opens while Sniffer's deliveries go on") {
            let done = try await store.counts().actions[.done] ?? 0
            return status(.snipeIT)?.breaker == .open && done == 4
        }
        #expect(status(.sniffer)?.breaker == .closed)
        try await settled("the look-ups' first round is recorded")
        let sent = outage.requests
        #expect((3...4).contains(sent))
        let firstProbe = try #require(status(.snipeIT)?.probeAt)

        // Down: held until the probe; the probe fails and the cool-down doubles.
        clock.advance(by: .seconds(1))
        try await settled("the look-ups are held until the probe", due: firstProbe)
        #expect(outage.requests == sent)
        clock.advance(by: .milliseconds(firstProbe - clock.now))
        let secondProbe = firstProbe + 2 * cooldown
        try await waitUntil("the failed probe re-opens the breaker") {
            status(.snipeIT)?.breaker == .open && status(.snipeIT)?.probeAt == secondProbe
        }
        try await settled("the probe's round is recorded")
        #expect(outage.requests == sent + 1, "only the probe reached Snipe-IT")
        // Those held while the probe was out come due a cool-down after it, and are held again.
        clock.advance(by: .milliseconds(cooldown))
        try await settled("the look-ups are held until the second probe", due: secondProbe)
        #expect(outage.requests == sent + 1)

        // Back, 30 s after it went down: the probe closes the breaker, then everything goes.
        outage.setDown(false)
        clock.advance(by: .milliseconds(secondProbe - clock.now))
        try await waitUntil("the probe's success closes the breaker") { status(.snipeIT)?.breaker == .closed }
        clock.advance(by: .milliseconds(cooldown))
        try await waitUntil("everything is delivered") { try await store.counts().actions[.done] == 8 }
        scheduler.stop()
        await running.value
        #expect(try await store.counts().actions[.dead, default: 0] == 0)
        #expect(try await lookups().allSatisfy { $0.output?.contains("\"found\":true") == true })
        #expect(snipeIT.receivedRequests.count == 4, "Snipe-IT saw the probe that succeeded and the three held look-ups")
    }
}
