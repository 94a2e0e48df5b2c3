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

/// `coalesce` on a create's repeats, through a real outbox queue: held until
/// the window closes, one comment for all of them, and after a lost answer
/// or a restart neither a second comment nor a lost count.
@Suite struct CoalescingTests {
    /// 2026-12-03 10:02:00 UTC.
    static let start: EpochMillis = 1_796_292_120_000
    static let key = "github:acme/web:ci.yml@main"

    final class Fixture {
        static let baseURL = "http://sniffer.test"
        let simulator: SnifferSimulator
        let transport: InProcessTransport
        let store = InMemoryStore()
        private(set) var executor: ActionExecutor
        private var deliveries = 0

        init() throws {
            simulator = try SnifferSimulator(configuration: .strict)
            transport = InProcessTransport(handler: simulator)
            executor = Self.executor(simulator, transport, store)
        }

        static func executor(_ simulator: SnifferSimulator, _ transport: InProcessTransport, _ store: InMemoryStore) -> ActionExecutor {
            let client = SnifferClient(
                configuration: SnifferConfiguration(baseURL: baseURL, token: Secret(simulator.seed.token)), transport: transport)
            return ActionExecutor(client: client, store: store, defaultProject: simulator.seed.project, resolvedStatuses: ["Resolved"])
        }

        /// A restart: a new executor, and what was in flight is pending again.
        func restart(at now: EpochMillis) async throws {
            executor = Self.executor(simulator, transport, store)
            try await store.recoverInFlight(now: now)
        }

        var inspector: SimInspector {
            SimInspector(baseURL: Self.baseURL, token: simulator.seed.token, project: simulator.seed.project, transport: transport)
        }

        /// An event received at `at` whose rule gave `actions`.
        func receive(_ actions: [Action], at: EpochMillis) async throws {
            deliveries += 1
            let event = try await store.append(
                NewEvent(source: "github", deliveryID: "d\(deliveries)", name: "workflow_run", receivedAt: at, payload: Array("{}".utf8)))
            _ = try await store.dispatch(
                eventID: event.id,
                actions: actions.map { NewAction(dedupKey: $0.dedupKey ?? "", kind: $0.kind.name, payload: ActionCodec.encode($0)) },
                now: at)
        }

        /// Delivers what is due at `now`, as the scheduler would, until nothing more is.
        @discardableResult
        func deliver(at now: EpochMillis) async throws -> [DeliveryOutcome] {
            var outcomes: [DeliveryOutcome] = []
            while true {
                let due = try await store.claimDue(now: now, limit: 10)
                if due.isEmpty { return outcomes }
                for action in due {
                    let outcome = await executor.execute(action, now: now)
                    outcomes.append(outcome)
                    switch outcome {
                    case .done(let result, _): try await store.complete(actionID: action.id, result: result, now: now)
                    case .held(let until): try await store.release(actionID: action.id, at: until)
                    case .retryable(_, let message), .storeFailed(let message):
                        try await store.retry(actionID: action.id, at: now + 1_000, error: message, now: now)
                    case .permanent(let message), .tokenRejected(let message):
                        try await store.deadLetter(actionID: action.id, error: message, now: now)
                    }
                }
            }
        }
    }

    static func failure(run: Int, window: Int64? = 60, policy: Action.DuplicatePolicy = .comment) -> Action {
        Action(rule: "ci-failed", dedupKey: key, kind: .createBug(Action.CreateBug(
            fields: Action.BugFields(summary: "CI failed on main", type: "DEFECT"), onDuplicate: policy, reopenWindowSeconds: 3_600,
            duplicateComment: "Failed again: run #\(run) https://github.com/acme/web/actions/runs/\(run)",
            coalesceSeconds: window, coalesceLabel: "#\(run)")))
    }

    static func seconds(_ s: Int64) -> EpochMillis { start + s * 1000 }

    static func comment(run: Int) -> String { "Failed again: run #\(run) https://github.com/acme/web/actions/runs/\(run)" }

    @Test func aStormGetsOneCommentAtOnceThenOnePerWindow() async throws {
        let f = try Fixture()
        try await f.receive([Self.failure(run: 500)], at: Self.seconds(0))
        for run in 512...548 { try await f.receive([Self.failure(run: run)], at: Self.seconds(Int64(run - 500))) }
        let early = try await f.deliver(at: Self.seconds(50))
        #expect(early.count == 3, "the bug, the first repeat's comment, the next repeat held: \(early)")
        #expect(early.last == .held(until: Self.seconds(72)))
        #expect(try await f.inspector.bugs().count == 1)
        #expect(try await f.inspector.comments().map(\.text) == [Self.comment(run: 512)])

        let closed = try await f.deliver(at: Self.seconds(72))
        guard case .done(let result, _) = closed.first else { throw Failure("the leader did not finish: \(closed)") }
        #expect(result.hasSuffix("(36 repeats in one comment)"))
        #expect(try await f.inspector.comments().map(\.text).last == """
            Seen 36 more times between 10:02 and 10:02 UTC: from #513 to #548.

            The latest:

            \(Self.comment(run: 548))
            """)
        #expect(try await f.store.coalesced(into: 3).count == 35)
        #expect(try await f.store.counts().actions[.pending, default: 0] == 0)

        // Within the next window (to 132 s): held, and alone in it, its own comment.
        try await f.receive([Self.failure(run: 549)], at: Self.seconds(100))
        #expect(try await f.deliver(at: Self.seconds(100)) == [.held(until: Self.seconds(132))])
        try await f.deliver(at: Self.seconds(132))
        #expect(try await f.inspector.comments().last?.text == Self.comment(run: 549))
        // After a quiet spell, a repeat comments at once again.
        try await f.receive([Self.failure(run: 600)], at: Self.seconds(300))
        try await f.deliver(at: Self.seconds(300))
        #expect(try await f.inspector.comments().map(\.text).suffix(2) == [Self.comment(run: 549), Self.comment(run: 600)])
        #expect(try await f.inspector.comments().count == 4)
    }

    @Test func aLostAnswerAndARestartNeitherRepeatTheCommentNorLoseACount() async throws {
        let f = try Fixture()
        try await f.receive([Self.failure(run: 1)], at: Self.seconds(0))
        for run in 2...6 { try await f.receive([Self.failure(run: run)], at: Self.seconds(Int64(run))) }
        try await f.deliver(at: Self.seconds(10))
        f.simulator.addFault(try SimFaultJSON.make(["method": "POST", "route": "/comment", "action": "applyThenDrop"]))
        let lost = try await f.deliver(at: Self.seconds(62))
        guard case .retryable = lost.first else { throw Failure("the dropped answer must be retried: \(lost)") }
        #expect(try await f.inspector.comments().count == 2, "applied although unanswered")
        try await f.receive([Self.failure(run: 7)], at: Self.seconds(63))
        try await f.restart(at: Self.seconds(64))
        #expect(try await f.deliver(at: Self.seconds(64)).last == .held(until: Self.seconds(122)))
        try await f.deliver(at: Self.seconds(200))
        #expect(try await f.inspector.comments().map(\.text) == [
            Self.comment(run: 2),
            "Seen 4 more times between 10:02 and 10:02 UTC: #3, #4, #5, #6.\n\nThe latest:\n\n\(Self.comment(run: 6))",
            Self.comment(run: 7),
        ])
    }

    @Test func anotherActionOfTheKeyEndsTheGroupAndAFixClosesTheWindow() async throws {
        let f = try Fixture()
        try await f.receive([Self.failure(run: 1)], at: Self.seconds(0))
        for run in 2...4 { try await f.receive([Self.failure(run: run)], at: Self.seconds(Int64(run - 1))) }
        let resolve = Action(rule: "ci-passed", dedupKey: Self.key, kind: .setStatus(Action.SetStatus(status: "Resolved")))
        try await f.receive([resolve], at: Self.seconds(4))
        try await f.receive([Self.failure(run: 5)], at: Self.seconds(5))
        try await f.deliver(at: Self.seconds(6))
        try await f.deliver(at: Self.seconds(61))
        #expect(try await f.inspector.comments().map(\.text) == [
            Self.comment(run: 2),
            "Seen 2 more times between 10:02 and 10:02 UTC: #3, #4.\n\nThe latest:\n\n\(Self.comment(run: 4))",
            Self.comment(run: 5),
        ])
        #expect(try await f.store.counts().actions[.pending, default: 0] == 0)
    }

    @Test func aResolvedBugIsReopenedAtOnceAndTheRestOfTheStormIsOneComment() async throws {
        let f = try Fixture()
        try await f.receive([Self.failure(run: 1, policy: .reopen)], at: Self.seconds(0))
        try await f.receive(
            [Action(rule: "ci-passed", dedupKey: Self.key, kind: .setStatus(Action.SetStatus(status: "Resolved")))], at: Self.seconds(1))
        for run in 2...4 { try await f.receive([Self.failure(run: run, policy: .reopen)], at: Self.seconds(Int64(run))) }
        try await f.deliver(at: Self.seconds(10))
        let open = f.simulator.seed.statuses.first { $0.name == "Open" }?.id
        #expect(try await f.inspector.bugs().map(\.status) == [open])
        #expect(try await f.inspector.comments().map(\.text) == [Self.comment(run: 2)])
        try await f.deliver(at: Self.seconds(62))
        #expect(try await f.inspector.bugs().map(\.status) == [open])
        #expect(try await f.inspector.comments().map { $0.text.hasPrefix("Seen 2 more times") } == [false, true])
    }

    @Test func withoutCoalesceEveryRepeatCommentsAtOnce() async throws {
        let f = try Fixture()
        for run in 1...3 { try await f.receive([Self.failure(run: run, window: nil)], at: Self.seconds(Int64(run))) }
        try await f.deliver(at: Self.seconds(5))
        #expect(try await f.inspector.comments().count == 2)
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
