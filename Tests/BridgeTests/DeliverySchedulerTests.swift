@testable import Bridge
@testable import Delivery
import Foundation
import Rules
import Sniffer
import SnifferSim
import Store
import Synchronization
import Telemetry
import TestSupport
import Testing

/// The scheduler's promise when the store does not take a delivery's
/// outcome (a full disk): the write is tried again until it lands, so the
/// action does not stay in flight, and its key's next action follows.
@Suite struct DeliverySchedulerTests {
    /// An in-memory outbox whose outcome writes fail `failures` times before they land.
    final class FlakyOutbox: Outbox, KeyTable, Inbox {
        let inner = InMemoryStore()
        let failuresLeft: Mutex<Int>
        let failedWrites = Atomic(0)

        init(failures: Int) { failuresLeft = Mutex(failures) }

        private func failIfDue() throws(StoreError) {
            let fail = failuresLeft.withLock { left -> Bool in
                guard left > 0 else { return false }
                left -= 1
                return true
            }
            if fail {
                failedWrites.add(1, ordering: .relaxed)
                throw StoreError(.io, "disk I/O error: No space left on device")
            }
        }

        func claimDue(now: EpochMillis, limit: Int) async throws(StoreError) -> [OutboxAction] {
            try await inner.claimDue(now: now, limit: limit)
        }
        func complete(actionID: Int64, result: String?, output: String?, now: EpochMillis) async throws(StoreError) {
            try failIfDue()
            try await inner.complete(actionID: actionID, result: result, output: output, now: now)
        }
        func retry(actionID: Int64, at: EpochMillis, error: String, now: EpochMillis) async throws(StoreError) {
            try failIfDue()
            try await inner.retry(actionID: actionID, at: at, error: error, now: now)
        }
        func release(actionID: Int64, at: EpochMillis) async throws(StoreError) {
            try failIfDue()
            try await inner.release(actionID: actionID, at: at)
        }
        func deadLetter(actionID: Int64, error: String, now: EpochMillis) async throws(StoreError) {
            try failIfDue()
            try await inner.deadLetter(actionID: actionID, error: error, now: now)
        }
        func recoverInFlight(now: EpochMillis) async throws(StoreError) -> Int { try await inner.recoverInFlight(now: now) }
        func actions(ofEvent eventID: Int64) async throws(StoreError) -> [OutboxAction] {
            try await inner.actions(ofEvent: eventID)
        }
        func queued(behind actionID: Int64, limit: Int) async throws(StoreError) -> [OutboxAction] {
            try await inner.queued(behind: actionID, limit: limit)
        }
        func coalesce(_ members: [Int64], into leader: Int64, now: EpochMillis) async throws(StoreError) {
            try await inner.coalesce(members, into: leader, now: now)
        }
        func coalesced(into leader: Int64) async throws(StoreError) -> [OutboxAction] {
            try await inner.coalesced(into: leader)
        }
        func keyRecord(forDedupKey dedupKey: String) async throws(StoreError) -> KeyRecord? {
            try await inner.keyRecord(forDedupKey: dedupKey)
        }
        func saveKeyRecord(_ record: KeyRecord, forDedupKey dedupKey: String) async throws(StoreError) {
            try await inner.saveKeyRecord(record, forDedupKey: dedupKey)
        }
        func append(_ event: NewEvent, actions: [NewAction]?) async throws(StoreError) -> AppendResult {
            try await inner.append(event, actions: actions)
        }
        func append(
            _ event: NewEvent, actions: [NewAction]?,
            completion: @escaping @Sendable (Result<AppendResult, StoreError>) -> Void
        ) {
            inner.append(event, actions: actions, completion: completion)
        }
        func event(id: Int64) async throws(StoreError) -> StoredEvent? { try await inner.event(id: id) }
    }

    @Test func anOutcomeTheStoreRefusesIsWrittenAgainUntilItLands() async throws {
        let store = FlakyOutbox(failures: 4)
        let simulator = try SnifferSimulator(configuration: .strict)
        let transport = InProcessTransport(handler: simulator)
        let client = SnifferClient(
            configuration: SnifferConfiguration(baseURL: "http://sniffer.test", token: Secret(simulator.seed.token)),
            transport: transport)
        let executor = ActionExecutor(
            client: client, store: store, defaultProject: simulator.seed.project, resolvedStatuses: ["Resolved"])
        // Two actions on one key: the second waits for the first's outcome to land.
        for (run, summary) in [(1, "first"), (2, "second")] {
            let action = Action(rule: "r", dedupKey: "key-1", kind: .createBug(Action.CreateBug(
                fields: Action.BugFields(summary: summary, type: "DEFECT"), onDuplicate: .comment,
                reopenWindowSeconds: 60, reopenStatus: "Open", duplicateComment: "again \(run)")))
            let event = NewEvent(source: "ci", deliveryID: "d\(run)", name: "failure", receivedAt: 1_000, headers: [], payload: [])
            _ = try await store.inner.append(
                event, actions: [NewAction(dedupKey: "key-1", kind: "create_bug", payload: ActionCodec.encode(action))])
        }
        let metrics = GatewayMetrics()
        let logs = InMemoryLogHandler()
        let scheduler = DeliveryScheduler(
            configuration: .init(concurrency: 4, pollInterval: .milliseconds(20)), store: store, executor: executor,
            logger: Logger(label: "test", level: .info, handler: logs), metrics: metrics.delivery)
        let running = Task { await scheduler.run() }
        try await waitUntil("both outcomes recorded", timeout: .seconds(20), interval: .milliseconds(20)) {
            let counts = try await store.inner.counts()
            return counts.actions[.done] == 2
        }
        scheduler.stop()
        await running.value
        #expect(store.failedWrites.load(ordering: .relaxed) == 4)
        #expect(metrics.registry.render().contains("sniffer_bridge_outcome_write_failures_total 4"))
        let bugs = try await SimInspector(
            baseURL: "http://sniffer.test", token: simulator.seed.token, project: simulator.seed.project,
            transport: transport
        ).bugs()
        #expect(bugs.count == 1, "the second action filed a second bug")
        // One error per outcome that failed (not one per failed write), and a notice when it landed.
        let messages = logs.messages
        #expect(messages.filter { $0.hasPrefix("Could not record a delivery outcome") }.count == 1)
        #expect(messages.contains("Delivery outcome recorded after 4 failed writes"))
    }
}
