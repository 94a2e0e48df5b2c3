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

/// `follow_up` and `search_bugs` against the simulator, with a local listener as `response_url`.
@Suite(.serialized) struct SlackFollowUpTests {
    final class Fixture {
        let simulator: SnifferSimulator
        let listener: SimListener
        let transport: CurlTransport
        let slackURL: ResponseURLListener
        let store = InMemoryStore()
        let executor: ActionExecutor
        let client: SnifferClient
        let base: String

        /// `webURL`: `[sniffer] web_url`; `nil`: replies name bugs by number and print no link.
        init(webURL: String? = nil) throws {
            simulator = try SnifferSimulator(configuration: .strict)
            listener = try SimListener(simulator: simulator, listen: "127.0.0.1:0", loopCount: 1)
            transport = try CurlTransport()
            slackURL = try ResponseURLListener()
            base = "http://\(listener.address)"
            client = SnifferClient(
                configuration: SnifferConfiguration(baseURL: base, token: Secret(simulator.seed.token)),
                transport: transport)
            executor = ActionExecutor(
                client: client, store: store, defaultProject: simulator.seed.project, resolvedStatuses: ["Resolved"],
                slack: SlackResponder(transport: transport), links: SnifferBugLinks(template: webURL))
        }

        deinit {
            listener.stop()
            transport.shutdown()
        }

        /// Records `actions` for one event and carries them out in outbox order, as the scheduler would.
        func run(_ actions: [Action], delivery: String = "d1") async throws {
            let event = try await store.append(
                NewEvent(source: "slack", deliveryID: delivery, name: "bug", receivedAt: 1_000, payload: Array("{}".utf8)))
            _ = try await store.dispatch(
                eventID: event.id,
                actions: actions.map {
                    NewAction(dedupKey: $0.dedupKey ?? "event:\(event.id)", kind: $0.kind.name, payload: ActionCodec.encode($0))
                },
                now: 1_000)
            let now = EpochMillis(Date().timeIntervalSince1970 * 1000)
            for _ in 0..<20 {
                let due = try await store.claimDue(now: now, limit: 10)
                if due.isEmpty { return }
                for action in due {
                    switch await executor.execute(action, now: 1_000) {
                    case .done(let result, let output):
                        try await store.complete(actionID: action.id, result: result, output: output?.serialized(), now: 1_000)
                    case .held: Issue.record("no action here coalesces")
                    case .retryable(_, let message), .storeFailed(let message), .permanent(let message),
                        .tokenRejected(let message):
                        try await store.deadLetter(actionID: action.id, error: message, now: 1_000)
                    }
                }
            }
        }

        /// A follow-up whose texts are templates rendered at delivery, as a mapping's are.
        func followUp(_ success: String, failure: String = "Sorry: {{ error }}") -> Action {
            Action(
                rule: "r", dedupKey: "k", kind: .followUp(Action.FollowUp(url: slackURL.url, success: "", failure: "")),
                deferred: ["success": success, "failure": failure])
        }

        func posted() throws -> [String] {
            try slackURL.requests.map { try JSON(parsing: $0.body)["text"]?.stringValue ?? "" }
        }
    }

    /// The bug's number, as people see it in Sniffer.
    static func number(of id: String, in f: Fixture) async throws -> Int64 {
        let found = await f.client.bug(id: id)
        guard case .success(let bug) = found else {
            Issue.record("GET /bug/\(id): \(found)")
            return 0
        }
        return try #require(bug.number)
    }

    @Test func aFiledBugIsPostedWithALinkToItsWebPage() async throws {
        let f = try Fixture(webURL: "https://sniffer.example.com/app/bugs/{number}")
        let create = Action(rule: "r", dedupKey: "k", kind: .createBug(Action.CreateBug(
            fields: Action.BugFields(summary: "Checkout broken", type: "DEFECT"))), stepID: "bug")
        try await f.run([create, f.followUp("Filed {{ steps.bug.link }} ({{ steps.bug.summary }}): {{ steps.bug.url }} [{{ steps.bug.id }}]")])
        let bug = try #require(try await f.store.keyRecord(forDedupKey: "k")?.bugID)
        let number = try await Self.number(of: bug, in: f)
        let page = "https://sniffer.example.com/app/bugs/\(number)"
        #expect(try f.posted() == ["Filed <\(page)|bug #\(number)> (Checkout broken): \(page) [\(bug)]"])
        let post = try JSON(parsing: try #require(f.slackURL.requests.first).body)
        #expect(post["response_type"] == "ephemeral")
        #expect(post["replace_original"] == false)
    }

    @Test func withoutAWebURLABugIsNamedByNumberAndNothingLinksToTheAPI() async throws {
        let f = try Fixture()
        let create = Action(rule: "r", dedupKey: "k", kind: .createBug(Action.CreateBug(
            fields: Action.BugFields(summary: "Checkout broken", type: "DEFECT"))), stepID: "bug")
        try await f.run([create, f.followUp("Filed {{ steps.bug.link }}: {{ steps.bug.summary }}{{ steps.bug.url }}")])
        let bug = try #require(try await f.store.keyRecord(forDedupKey: "k")?.bugID)
        let number = try await Self.number(of: bug, in: f)
        #expect(try f.posted() == ["Filed bug #\(number): Checkout broken"])
        #expect(try f.posted().allSatisfy { !$0.contains(f.base) })
    }

    @Test func aFailedActionIsPostedInPlainWords() async throws {
        let f = try Fixture()
        let status = Action(rule: "r", dedupKey: "k", bugID: "000000000000000000000000", kind: .setStatus(Action.SetStatus(
            status: "Resolved", onlyIfExists: false)), stepID: "bug")
        try await f.run([status, f.followUp("Bug {{ steps.bug.id }} resolved", failure: "Sorry, that failed: {{ error }}")])
        let posted = try f.posted()
        try #require(posted.count == 1)
        #expect(posted[0].hasPrefix("Sorry, that failed: set status failed: "))
        #expect(!posted[0].contains("error }}"))
    }

    @Test func searchHitsFillResults() async throws {
        let f = try Fixture()
        let create = Action(rule: "file", dedupKey: "k1", kind: .createBug(Action.CreateBug(
            fields: Action.BugFields(summary: "Login page is blank", type: "DEFECT"))))
        try await f.run([create], delivery: "d0")
        let bug = try #require(try await f.store.keyRecord(forDedupKey: "k1")?.bugID)
        let search = Action(rule: "r", dedupKey: "k", kind: .searchBugs(Action.SearchBugs(query: "login")), stepID: "search")
        let none = Action(rule: "r", dedupKey: "k", kind: .searchBugs(Action.SearchBugs(query: "zzz-nothing")), stepID: "search")
        try await f.run([search, f.followUp("Hits:\n{{ steps.search.results }}")], delivery: "d1")
        try await f.run([none, f.followUp("Hits:\n{{ steps.search.results }}")], delivery: "d2")
        let number = try await Self.number(of: bug, in: f)
        #expect(try f.posted() == ["Hits:\n• bug #\(number) Login page is blank", "Hits:\nNo bug matches."])
    }

    @Test func searchHitsLinkToTheirWebPages() async throws {
        let f = try Fixture(webURL: "https://sniffer.example.com/bug/{id}")
        let create = Action(rule: "file", dedupKey: "k1", kind: .createBug(Action.CreateBug(
            fields: Action.BugFields(summary: "Login page is blank", type: "DEFECT"))))
        try await f.run([create], delivery: "d0")
        let bug = try #require(try await f.store.keyRecord(forDedupKey: "k1")?.bugID)
        let number = try await Self.number(of: bug, in: f)
        let search = Action(rule: "r", dedupKey: "k", kind: .searchBugs(Action.SearchBugs(query: "login")), stepID: "search")
        try await f.run([search, f.followUp("{{ steps.search.results }}")], delivery: "d1")
        #expect(try f.posted() == ["• <https://sniffer.example.com/bug/\(bug)|bug #\(number)> Login page is blank"])
    }

    @Test func slackLimitsAreKeptPerResponseURL() async throws {
        let f = try Fixture()
        let responder = SlackResponder(transport: f.transport)
        let now = Date()
        var results: [SlackResponder.PostResult] = []
        for index in 0..<6 {
            results.append(await responder.post("m\(index)", visibility: .inChannel, to: f.slackURL.url, commandAt: now, now: now))
        }
        #expect(results.prefix(5).allSatisfy { $0 == .posted })
        guard case .skipped(let why) = results[5] else {
            Issue.record("a sixth post was not skipped: \(results[5])")
            return
        }
        #expect(why.contains("5 times"))
        let late = await responder.post("late", visibility: .ephemeral, to: f.slackURL.url + "?other", commandAt: now, now: now + 31 * 60)
        guard case .skipped(let expired) = late else {
            Issue.record("a post after 30 minutes was not skipped: \(late)")
            return
        }
        #expect(expired.contains("30 minutes"))
        #expect(f.slackURL.requests.count == 5)
        #expect(try JSON(parsing: f.slackURL.requests[0].body)["response_type"] == "in_channel")
    }
}
