@testable import Delivery
import Foundation
import JSON
import Outbound
import Rules
import Sniffer
import SnifferSim
import SnipeIT
import SnipeITSim
import Store
import Telemetry
import Testing

/// The Snipe-IT actions and `steps` through the executor, in process,
/// against both simulators: a look-up's result read by the later actions,
/// found:false as an outcome, writes made once in effect, and Snipe-IT's
/// rate limit and refused token as outcomes of their own.
@Suite struct SnipeITActionTests {
    static let mapping = """
        [[rule]]
        name = "laptop"
        source = "jira"
        dedup_key = "{{ payload.issue.key }}"
        integration_platform = "JIRA"

        [[rule.actions]]
        do = "lookup_asset"
        id = "asset"
        tag = "{{ payload.tag }}"

        [[rule.actions]]
        do = "create_bug"
        id = "bug"
        summary = "{{ payload.summary }}"
        description = "{{ steps.asset.found ? join([steps.asset.model.name, steps.asset.assigned_to.name, steps.asset.location.name, steps.asset.url], ' | ') : 'no asset' }}"

        [[rule.actions]]
        do = "set_asset_status"
        when = 'steps.asset.found'
        asset_id = "{{ steps.asset.id }}"
        status = "out for repair"

        [[rule.actions]]
        do = "add_maintenance"
        when = 'steps.asset.found'
        asset_id = "{{ steps.asset.id }}"
        title = "{{ payload.issue.key }}: {{ payload.summary }}"
        supplier_id = 1
        notes = "Sniffer bug {{ steps.bug.id }}"
        """

    final class Fixture: Sendable {
        let sniffer: SnifferSimulator
        let snipeIT: SnipeITSimulator
        let store = InMemoryStore()
        let executor: ActionExecutor
        let mappings: MappingSet

        init(snipeITToken: String = SnipeITSimulator.defaultToken, rateLimit: SnipeITSimRateLimitAnswer? = nil) throws {
            sniffer = try SnifferSimulator(configuration: .strict)
            var configuration = SnipeITSimulator.Configuration()
            if let rateLimit {
                configuration.rateLimitPerMinute = 1
                configuration.rateLimitAnswer = rateLimit
            }
            snipeIT = SnipeITSimulator(configuration: configuration)
            let client = SnifferClient(
                configuration: SnifferConfiguration(baseURL: "http://sniffer.test", token: Secret(sniffer.seed.token)),
                transport: InProcessTransport(handler: sniffer))
            var snipe = SnipeITConfiguration(baseURL: "http://snipeit.test", token: Secret(snipeITToken))
            snipe.requestsPerMinute = 6_000
            snipe.burst = 100
            let snipeClient = SnipeITClient(
                configuration: snipe, transport: InProcessTransport(handler: snipeIT), clock: ManualSnipeITClock())
            executor = ActionExecutor(
                client: client, store: store, defaultProject: sniffer.seed.project, resolvedStatuses: ["Resolved"],
                snipeIT: snipeClient)
            var compiler = MappingCompiler(environment: [:], sources: ["jira"])
            compiler.add(file: "helpdesk.toml", text: SnipeITActionTests.mapping)
            mappings = try compiler.finish()
        }

        /// Stores a Jira event naming `tag` with its actions; returns its id.
        @discardableResult
        func receive(tag: String, key: String = "HD-7", delivery: String = "1") async throws -> Int64 {
            let payload: JSON = ["issue": ["key": .string(key)], "tag": .string(tag), "summary": "will not boot"]
            let event = RuleEvent(source: "jira", name: "jira:issue_created", delivery: delivery, payload: payload)
            let actions = mappings.evaluate(event).actions.map {
                NewAction(dedupKey: $0.dedupKey ?? "", kind: $0.kind.name, payload: ActionCodec.encode($0))
            }
            let stored = NewEvent(
                source: "jira", deliveryID: delivery, name: "jira:issue_created", receivedAt: 0, headers: [],
                payload: payload.serializedBytes())
            return try await store.append(stored, actions: actions).id
        }

        /// Delivers what is due at `now`, recording each outcome as the scheduler does, until nothing more is.
        @discardableResult
        func deliver(at now: EpochMillis = 1_000) async throws -> [DeliveryOutcome] {
            var outcomes: [DeliveryOutcome] = []
            while true {
                let due = try await store.claimDue(now: now, limit: 10)
                if due.isEmpty { return outcomes }
                for action in due {
                    let outcome = await executor.execute(action, now: now)
                    outcomes.append(outcome)
                    var random = SystemRandomNumberGenerator()
                    switch DeliveryDecision.decide(outcome, action: action, policy: RetryPolicy(), now: now, random: &random) {
                    case .complete(let result, let output):
                        try await store.complete(actionID: action.id, result: result, output: output, now: now)
                    case .retry(_, let error), .deadLetter(let error):
                        try await store.deadLetter(actionID: action.id, error: error, now: now)
                    case .releaseAndPause, .hold, .gated:
                        try await store.release(actionID: action.id, at: now + 3_600_000)
                    }
                }
            }
        }

        func actions(_ eventID: Int64) async throws -> [OutboxAction] { try await store.actions(ofEvent: eventID) }
    }

    @Test func theLookUpFeedsTheBugTheStatusAndTheMaintenance() async throws {
        let f = try Fixture()
        let event = try await f.receive(tag: "LAPTOP-0001")
        try await f.deliver()
        let actions = try await f.actions(event)
        #expect(actions.map(\.state) == [.done, .done, .done, .done], "\(actions.map { $0.lastError ?? $0.result ?? "" })")
        let asset = try JSON(parsing: Array(try #require(actions[0].output).utf8))
        #expect(asset["found"] == true)
        #expect(asset["id"] == 1)
        // Unescaped: the simulator sends `MacBook Pro 14&quot;` and `O&#039;Brien&#039;s Lab`.
        #expect(asset["model"]?["name"] == "MacBook Pro 14\"")
        #expect(asset["location"]?["name"] == "O'Brien's Lab")
        #expect(asset["assigned_to"]?["name"] == "Ada Lovelace")
        #expect(asset["url"] == "http://snipeit.test/hardware/1")
        let bugs = try await SimInspector(
            baseURL: "http://sniffer.test", token: f.sniffer.seed.token, project: f.sniffer.seed.project,
            transport: InProcessTransport(handler: f.sniffer)
        ).bugs()
        #expect(bugs.map { $0.raw["description"]?.stringValue } == ["MacBook Pro 14\" | Ada Lovelace | O'Brien's Lab | http://snipeit.test/hardware/1"])
        #expect(f.snipeIT.assetRow(1)?["status_id"]?.intValue == Int64(try #require(f.snipeIT.statusLabelIDs["Out for Repair"])))
        let maintenance = try #require(f.snipeIT.maintenanceRows.last)
        #expect(f.snipeIT.maintenanceRows.count == 2)
        #expect(maintenance["title"] == "HD-7: will not boot")
        #expect(maintenance["asset_id"]?.intValue == 1)
        #expect(maintenance["start_date"] == "1970-01-01")
        let bugID = try #require(bugs.first?.id)
        #expect(maintenance["notes"] == .string("Sniffer bug \(bugID)"))
    }

    @Test func aRepeatedWriteFindsItsChangeAndSkips() async throws {
        let f = try Fixture()
        let event = try await f.receive(tag: "LAPTOP-0001")
        try await f.deliver()
        let actions = try await f.actions(event)
        f.snipeIT.clearReceivedRequests()
        // The status change and the maintenance tried again (a crash before their outcomes landed).
        for action in actions[2...] {
            var again = action
            again.state = .inFlight
            again.attempts = 1
            guard case .done(let result, _) = await f.executor.execute(again, now: 5_000) else {
                Issue.record("not done")
                continue
            }
            #expect(result.contains("already"), "\(result)")
        }
        #expect(f.snipeIT.maintenanceRows.count == 2)
        #expect(!f.snipeIT.receivedRequests.contains { $0.method != "GET" }, "no write was sent again")
    }

    @Test func anAssetNotFoundIsAnOutcomeTheLaterStepsBranchOn() async throws {
        let f = try Fixture()
        let event = try await f.receive(tag: "NOPE-9999")
        let outcomes = try await f.deliver()
        #expect(outcomes.count == 4)
        let actions = try await f.actions(event)
        #expect(actions.map(\.state) == [.done, .done, .done, .done])
        #expect(actions[0].result == "not found: no asset has tag NOPE-9999")
        #expect(actions[0].output == #"{"found":false}"#)
        #expect(actions[2].result == "skipped: when steps.asset.found is false")
        #expect(actions[3].result == "skipped: when steps.asset.found is false")
        #expect(f.snipeIT.maintenanceRows.count == 1)
        #expect(!f.snipeIT.receivedRequests.contains { $0.method != "GET" })
    }

    @Test(arguments: [SnipeITSimRateLimitAnswer.status429, .status429WithoutRetryAfter, .envelope])
    func aRateLimitHoldsTheActionWithoutSpendingAnAttempt(_ answer: SnipeITSimRateLimitAnswer) async throws {
        let f = try Fixture(rateLimit: answer)
        try await f.receive(tag: "LAPTOP-0001", delivery: "1")
        try await f.receive(tag: "LAPTOP-0002", key: "HD-8", delivery: "2")
        // The two look-ups, heads of their keys' queues; no more: the
        // client's bucket now waits out the pause on its manual clock.
        let due = try await f.store.claimDue(now: 1_000, limit: 10)
        try #require(due.map(\.kind) == ["lookup_asset", "lookup_asset"])
        var outcomes: [DeliveryOutcome] = []
        for action in due { outcomes.append(await f.executor.execute(action, now: 1_000)) }
        let held = outcomes.compactMap { outcome -> EpochMillis? in
            if case .held(let until) = outcome { return until }
            return nil
        }
        try #require(held.count == 1, "\(outcomes)")
        // Retry-After (the rest of the minute) when given, else Snipe-IT's 60 s window.
        #expect(held[0] > 1_000 && held[0] <= 61_000)
        if answer != .status429 { #expect(held[0] == 61_000) }
        #expect(DeliveryOutcome.held(until: held[0]).breakerResult == .inconclusive, "Snipe-IT answered: not its failure")
    }

    @Test func aRefusedTokenPausesOnlySnipeIT() async throws {
        let f = try Fixture(snipeITToken: "wrong")
        try await f.receive(tag: "LAPTOP-0001")
        let outcomes = try await f.deliver()
        guard case .tokenRejected = outcomes.first else {
            Issue.record("\(outcomes)")
            return
        }
        #expect(DeliveryTarget.owningToken(of: .lookupAsset(Action.LookupAsset(tag: "x"))) == .snipeIT)
        #expect(DeliveryTarget.owningToken(of: .createBug(Action.CreateBug(fields: Action.BugFields()))) == .sniffer)
    }

    @Test func aUserIsLookedUpByEmailOrUsername() async throws {
        let f = try Fixture()
        func run(_ lookup: Action.LookupUser) async -> DeliveryOutcome {
            let action = Action(rule: "r", dedupKey: "k", kind: .lookupUser(lookup), stepID: "user")
            let outbox = OutboxAction(
                id: 1, eventID: 1, sequence: 0, dedupKey: "k", kind: action.kind.name, payload: ActionCodec.encode(action),
                state: .inFlight, attempts: 0, nextAttemptAt: 1_000, firstAttemptAt: 1_000, lastError: nil, result: nil,
                createdAt: 1_000, finishedAt: nil)
            return await f.executor.execute(outbox, now: 1_000)
        }
        guard case .done(_, let byEmail?) = await run(Action.LookupUser(email: "sean.oneil@example.com")) else {
            Issue.record("not found by email")
            return
        }
        #expect(byEmail["found"] == true)
        #expect(byEmail["name"] == "Seán O'Neil", "unescaped")
        #expect(byEmail["username"] == "soneil")
        guard case .done(_, let byName?) = await run(Action.LookupUser(username: "ada")) else {
            Issue.record("not found by username")
            return
        }
        #expect(byName["email"] == "ada@example.com")
        #expect(byName["location"]?["name"] == "O'Brien's Lab")
        guard case .done(let result, let missing?) = await run(Action.LookupUser(email: "nobody@example.com")) else {
            Issue.record("an unknown user is not a done outcome")
            return
        }
        #expect(missing == ["found": false])
        #expect(result == "not found: no user has email nobody@example.com")
    }
}
