@testable import Bridge
@testable import Delivery
import Foundation
import JSON
import Outbound
import Rules
import Sniffer
import SnifferSim
import Store
import Telemetry
import Testing

/// The executor against the simulator, in process (no sockets: a dropped
/// connection is the simulator's abort), with an in-memory key table: the
/// create path's crash and duplicate cases, status changes and reopening.
@Suite struct ActionExecutorTests {
    final class Fixture {
        static let baseURL = "http://sniffer.test"
        let simulator: SnifferSimulator
        let transport: InProcessTransport
        let store = InMemoryStore()
        let executor: ActionExecutor

        init() throws {
            simulator = try SnifferSimulator(configuration: .strict)
            transport = InProcessTransport(handler: simulator)
            let client = SnifferClient(
                configuration: SnifferConfiguration(baseURL: Self.baseURL, token: Secret(simulator.seed.token)),
                transport: transport)
            executor = ActionExecutor(
                client: client, store: store, defaultProject: simulator.seed.project, resolvedStatuses: ["Resolved"])
        }

        var inspector: SimInspector {
            SimInspector(
                baseURL: Self.baseURL, token: simulator.seed.token, project: simulator.seed.project, transport: transport)
        }

        /// `action` as the outbox holds it, with `attempts` recorded and first claimed at `firstAttemptAt`.
        func outbox(_ action: Action, id: Int64, attempts: Int = 0, firstAttemptAt: EpochMillis = 1_000) -> OutboxAction {
            OutboxAction(
                id: id, eventID: id, sequence: 0, dedupKey: action.dedupKey ?? "", kind: action.kind.name,
                payload: ActionCodec.encode(action), state: .inFlight, attempts: attempts, nextAttemptAt: 1_000,
                firstAttemptAt: firstAttemptAt, lastError: nil, result: nil, createdAt: 1_000, finishedAt: nil)
        }
    }

    static func create(_ policy: Action.DuplicatePolicy = .comment, comment: String = "again") -> Action {
        Action(rule: "r", dedupKey: "key-1", kind: .createBug(Action.CreateBug(
            fields: Action.BugFields(summary: "broken", type: "DEFECT"), onDuplicate: policy, reopenWindowSeconds: 60,
            reopenStatus: "Open", duplicateComment: comment)))
    }

    @Test func createFilesOnceThenTheNextCreateComments() async throws {
        let f = try Fixture()
        let first = await f.executor.execute(f.outbox(Self.create(), id: 1), now: 1_000)
        guard case .done(let result, _) = first else { Issue.record("\(first)"); return }
        #expect(result.hasPrefix("bug "))
        let second = await f.executor.execute(f.outbox(Self.create(comment: "second failure"), id: 2), now: 2_000)
        guard case .done = second else { Issue.record("\(second)"); return }
        #expect(try await f.inspector.bugs().count == 1)
        #expect(try await f.inspector.comments().map(\.text) == ["second failure"])
    }

    @Test func createRetriedAfterItsBugWasRecordedDoesNotComment() async throws {
        let f = try Fixture()
        _ = await f.executor.execute(f.outbox(Self.create(), id: 7), now: 1_000)
        // The process died after the key record, before the completion: the same action runs again.
        let retry = await f.executor.execute(f.outbox(Self.create(), id: 7, firstAttemptAt: 1_000), now: 5_000)
        guard case .done = retry else { Issue.record("\(retry)"); return }
        #expect(try await f.inspector.bugs().count == 1)
        #expect(try await f.inspector.comments().isEmpty)
    }

    @Test func createRetriedAfterALostResponseAdoptsTheBug() async throws {
        let f = try Fixture()
        f.simulator.addFault(try SimFaultJSON.make(["method": "POST", "route": "/bug", "action": "applyThenDrop"]))
        let lost = await f.executor.execute(f.outbox(Self.create(), id: 3), now: 1_000)
        guard case .retryable = lost else { Issue.record("expected a retryable failure, got \(lost)"); return }
        let retry = await f.executor.execute(f.outbox(Self.create(), id: 3, attempts: 1), now: 2_000)
        guard case .done(let result, _) = retry else { Issue.record("\(retry)"); return }
        #expect(result.contains("found by its key"))
        #expect(try await f.inspector.bugs().count == 1)
        #expect(try await f.inspector.comments().isEmpty)
        #expect(try await f.store.keyRecord(forDedupKey: "key-1")?.createdByAction == 3, "the bug is the retried action's own")
    }

    @Test func setStatusNeedsABugAndResolvingThenFailingAgainReopens() async throws {
        let f = try Fixture()
        let resolve = Action(rule: "r", dedupKey: "key-1", kind: .setStatus(Action.SetStatus(status: "Resolved")))
        let skipped = await f.executor.execute(f.outbox(resolve, id: 1), now: 1_000)
        #expect(skipped == .done(result: "skipped: no bug for dedup key"))
        let strict = Action(rule: "r", dedupKey: "key-1", kind: .setStatus(Action.SetStatus(status: "Resolved", onlyIfExists: false)))
        guard case .permanent = await f.executor.execute(f.outbox(strict, id: 2), now: 1_000) else {
            Issue.record("set_status without a bug and only_if_exists = false must fail")
            return
        }
        _ = await f.executor.execute(f.outbox(Self.create(.reopen), id: 3), now: 1_000)
        _ = await f.executor.execute(f.outbox(resolve, id: 4), now: 2_000)
        #expect(try await f.store.keyRecord(forDedupKey: "key-1")?.resolvedAt == 2_000)
        // Within the 60 s window: the same bug, back to Open, with the comment.
        _ = await f.executor.execute(f.outbox(Self.create(.reopen, comment: "failed again"), id: 5), now: 30_000)
        let bugs = try await f.inspector.bugs()
        #expect(bugs.count == 1)
        let open = f.simulator.seed.statuses.first { $0.name == "Open" }?.id
        #expect(bugs.first?.status == open)
        #expect(try await f.inspector.comments().map(\.text) == ["failed again"])
        // Resolved again, then a failure after the window: a new bug.
        _ = await f.executor.execute(f.outbox(resolve, id: 6), now: 40_000)
        _ = await f.executor.execute(f.outbox(Self.create(.reopen), id: 7), now: 200_000)
        #expect(try await f.inspector.bugs().count == 2)
    }

    @Test func aReplyIsDoneAtIngestAndAFollowUpNeedsTheSlackClient() async throws {
        let f = try Fixture()
        let reply = Action(rule: "r", dedupKey: nil, kind: .reply(Action.Reply(text: "hi")))
        #expect(await f.executor.execute(f.outbox(reply, id: 1), now: 1_000) == .done(result: "answered in the HTTP response"))
        let followUp = Action(rule: "r", dedupKey: nil, kind: .followUp(Action.FollowUp(url: "http://x", success: "ok", failure: "no")))
        guard case .permanent(let message) = await f.executor.execute(f.outbox(followUp, id: 2), now: 1_000) else {
            Issue.record("a follow-up without a Slack client must not be reported delivered")
            return
        }
        #expect(message.contains("follow_up"))
    }

    @Test func aRefusedTokenIsReportedAsSuch() async throws {
        let f = try Fixture()
        f.simulator.addFault(try SimFaultJSON.make(["route": "*", "action": "expireToken"]))
        let outcome = await f.executor.execute(f.outbox(Self.create(), id: 1), now: 1_000)
        #expect(outcome == .tokenRejected(message: "API token has expired"))
    }
}
