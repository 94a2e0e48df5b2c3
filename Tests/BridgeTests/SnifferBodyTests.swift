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

/// What the executor sends to a Sniffer that validates as strictly as the
/// reference allows: tag ids instead of names, custom fields in the
/// description, ids spelled `_id` or `id`, bugs named by the number people see.
@Suite struct SnifferBodyTests {
    final class Fixture {
        static let baseURL = "http://sniffer.test"
        let simulator: SnifferSimulator
        let transport: InProcessTransport
        private(set) var store = InMemoryStore()
        let customFields: CustomFieldPlacement
        private(set) var executor: ActionExecutor

        init(customFields: CustomFieldPlacement = .details, configure: (inout SnifferSimulator.Configuration) -> Void = { _ in })
            throws
        {
            var configuration = SnifferSimulator.Configuration.strict
            configure(&configuration)
            simulator = try SnifferSimulator(configuration: configuration)
            transport = InProcessTransport(handler: simulator)
            self.customFields = customFields
            executor = Self.executor(simulator, transport, store, customFields)
        }

        static func executor(
            _ simulator: SnifferSimulator, _ transport: InProcessTransport, _ store: InMemoryStore, _ customFields: CustomFieldPlacement
        ) -> ActionExecutor {
            let client = SnifferClient(
                configuration: SnifferConfiguration(baseURL: baseURL, token: Secret(simulator.seed.token)), transport: transport)
            return ActionExecutor(
                client: client, store: store, defaultProject: simulator.seed.project, resolvedStatuses: ["Resolved"],
                customFields: customFields)
        }

        /// A new process on the same Sniffer, nothing cached; with `losingKeys`, on an empty store too.
        func restart(losingKeys: Bool = false) {
            if losingKeys { store = InMemoryStore() }
            executor = Self.executor(simulator, transport, store, customFields)
        }

        var inspector: SimInspector {
            SimInspector(baseURL: Self.baseURL, token: simulator.seed.token, project: simulator.seed.project, transport: transport)
        }

        func run(_ action: Action, id: Int64, attempts: Int = 0, now: EpochMillis = 1_000) async -> DeliveryOutcome {
            let outbox = OutboxAction(
                id: id, eventID: id, sequence: 0, dedupKey: action.dedupKey ?? "", kind: action.kind.name,
                payload: ActionCodec.encode(action), state: .inFlight, attempts: attempts, nextAttemptAt: 1_000,
                firstAttemptAt: 1_000, lastError: nil, result: nil, createdAt: 1_000, finishedAt: nil)
            return await executor.execute(outbox, now: now)
        }

        func requests(_ method: String, _ prefix: String) -> [SimRecordedRequest] {
            simulator.receivedRequests.filter { $0.method == method && $0.target.hasPrefix(prefix) }
        }

        /// The project's tags by name, every page.
        func tags() async throws -> [String: String] {
            let client = inspector.client
            var all: [String: String] = [:]
            var page = 1
            while case .success(let list) = await client.tags(project: simulator.seed.project, page: page, size: 100) {
                for tag in list.items { all[tag.name] = tag.id }
                guard list.hasMore, !list.items.isEmpty else { return all }
                page += 1
            }
            throw SimInspector.Failure(description: "GET /tags failed")
        }
    }

    static func create(
        key: String = "key-1", tags: [String]? = nil, platform: String? = nil, extra: JSONObject = [:], description: String? = "It broke."
    ) -> Action {
        Action(rule: "r", dedupKey: key, kind: .createBug(Action.CreateBug(
            fields: Action.BugFields(
                summary: "broken", description: description, type: "DEFECT", platform: platform, tags: tags, extra: extra))))
    }

    @Test func tagNamesAreSentAsTheProjectsTagIdsAndEachTagIsCreatedOnce() async throws {
        let f = try Fixture()
        guard case .done = await f.run(Self.create(key: "a", tags: ["ci", "flaky"]), id: 1) else { throw Failure.notDone }
        guard case .done = await f.run(Self.create(key: "b", tags: ["flaky", "CI", "ci"]), id: 2) else { throw Failure.notDone }
        let tags = try await f.tags()
        let ci = try #require(tags["ci"])
        let flaky = try #require(tags["flaky"])
        #expect(f.requests("POST", "/tag").count == 2)
        let bugs = try await f.inspector.bugs()
        #expect(bugs.map { $0.raw["tags"] } == [[.string(ci), .string(flaky)], [.string(flaky), .string(ci)]])
    }

    @Test func aTagOnALaterPageIsFoundNotCreated() async throws {
        let f = try Fixture { $0.fillerTags = 150 }
        guard case .done = await f.run(Self.create(tags: ["archived-tag-140"]), id: 1) else { throw Failure.notDone }
        #expect(f.requests("POST", "/tag").isEmpty)
        #expect(f.requests("GET", "/tags").map { $0.target.contains("page=2") } == [false, true])
        let id = try #require(try await f.tags()["archived-tag-140"])
        #expect(try await f.inspector.bugs().first?.raw["tags"] == [.string(id)])
    }

    @Test func aTagWhoseCreationLostItsAnswerIsCreatedOnceAfterARestart() async throws {
        let f = try Fixture()
        f.simulator.addFault(try SimFaultJSON.make(["method": "POST", "route": "/tag", "action": "applyThenDrop"]))
        guard case .retryable = await f.run(Self.create(tags: ["deploy"]), id: 1) else {
            Issue.record("a lost answer to POST /tag must be retried")
            return
        }
        #expect(try await f.inspector.bugs().isEmpty)
        f.restart()
        guard case .done = await f.run(Self.create(tags: ["deploy"]), id: 1, attempts: 1, now: 2_000) else { throw Failure.notDone }
        #expect(f.requests("POST", "/tag").count == 1)
        let id = try #require(try await f.tags()["deploy"])
        #expect(try await f.inspector.bugs().map { $0.raw["tags"] } == [[.string(id)]])
    }

    @Test func customFieldsGoToADetailsBlockAndReferenceFieldsStayProperties() async throws {
        let f = try Fixture()
        let create = Self.create(
            platform: "GitHub Actions", extra: ["run_url": "https://github.com/acme/web/actions/runs/7", "commit": "9f1c2e0", "bugFor": "BOARD"])
        guard case .done = await f.run(create, id: 1) else { throw Failure.notDone }
        let bug = try #require(try await f.inspector.bugs().first)
        #expect(bug.raw["description"]?.stringValue == """
            It broke.

            **Details**
            - platform: GitHub Actions
            - run_url: https://github.com/acme/web/actions/runs/7
            - commit: 9f1c2e0
            """)
        #expect(bug.raw["bugFor"] == "BOARD")
        #expect(bug.raw["run_url"] == nil)
        #expect(bug.raw["platform"] == nil)
        // Without a description the block is the description.
        guard case .done = await f.run(Self.create(key: "k2", extra: ["job": "test"], description: nil), id: 2) else {
            throw Failure.notDone
        }
        #expect(try await f.inspector.bugs().last?.raw["description"] == "**Details**\n- job: test")
    }

    @Test func anUpdateWithoutADescriptionLeavesTheDetailsAlone() async throws {
        let f = try Fixture()
        guard case .done = await f.run(Self.create(extra: ["commit": "a1"]), id: 1) else { throw Failure.notDone }
        let update = Action(rule: "r", dedupKey: "key-1", kind: .updateBug(Action.UpdateBug(
            fields: Action.BugFields(severity: "High", extra: ["commit": "b2"]))))
        guard case .done = await f.run(update, id: 2) else { throw Failure.notDone }
        let bug = try #require(try await f.inspector.bugs().first)
        #expect(bug.raw["severity"] == "High")
        #expect(bug.raw["description"]?.stringValue?.hasSuffix("- commit: a1") == true)
        #expect(bug.raw["commit"] == nil)
    }

    @Test func topLevelSendsCustomFieldsAsPropertiesToASnifferThatTakesThem() async throws {
        let f = try Fixture(customFields: .topLevel) { $0.strict = false }
        guard case .done = await f.run(Self.create(platform: "Jenkins", extra: ["run_url": "https://ci/1"]), id: 1) else {
            throw Failure.notDone
        }
        let bug = try #require(try await f.inspector.bugs().first)
        #expect(bug.raw["run_url"] == "https://ci/1")
        #expect(bug.raw["platform"] == "Jenkins")
        #expect(bug.raw["description"] == "It broke.")
    }

    @Test func aStrictRefusalIsPermanentAndNamesTheProperty() async throws {
        let f = try Fixture(customFields: .topLevel)
        let outcome = await f.run(Self.create(extra: ["run_url": "https://ci/1"]), id: 1)
        guard case .permanent(let message) = outcome else {
            Issue.record("a 400 must be a dead letter at once, got \(outcome)")
            return
        }
        #expect(message.contains("400"))
        #expect(message.contains("property run_url should not exist"))
        #expect(try await f.inspector.bugs().isEmpty)
    }

    @Test(arguments: [SnifferSimulator.Configuration.IDField.underscore, .plain])
    func everyStepWorksWhicheverWayIdsAreSpelled(_ idField: SnifferSimulator.Configuration.IDField) async throws {
        let f = try Fixture { $0.idField = idField }
        guard case .done = await f.run(Self.create(tags: ["ci"]), id: 1) else { throw Failure.notDone }
        let again = Action(rule: "r", dedupKey: "key-1", kind: .createBug(Action.CreateBug(
            fields: Action.BugFields(summary: "broken", type: "DEFECT", tags: ["ci"]), duplicateComment: "failed again")))
        guard case .done = await f.run(again, id: 2) else { throw Failure.notDone }
        // Found again by its integration key: the by-key answer's id is read too.
        f.restart(losingKeys: true)
        let resolve = Action(rule: "r", dedupKey: "key-1", kind: .setStatus(Action.SetStatus(status: "Resolved")))
        guard case .done = await f.run(resolve, id: 3) else { throw Failure.notDone }
        let bugs = try await f.inspector.bugs()
        #expect(bugs.count == 1)
        #expect(bugs.first?.status == f.simulator.seed.statuses.first { $0.name == "Resolved" }?.id)
        #expect(try await f.inspector.comments().map(\.text) == ["failed again"])
    }

    @Test(arguments: ["{n}", "#{n}"])
    func aBugIsNamedByTheNumberPeopleSee(_ reference: String) async throws {
        let f = try Fixture()
        guard case .done = await f.run(Self.create(key: "first"), id: 1) else { throw Failure.notDone }
        guard case .done = await f.run(Self.create(key: "second"), id: 2) else { throw Failure.notDone }
        let second = try #require(try await f.inspector.bugs().first { $0.integrationKey == "second" })
        let number = try #require(second.number)
        let named = reference.replacingOccurrences(of: "{n}", with: String(number))
        let resolve = Action(rule: "r", dedupKey: nil, bugID: named, kind: .setStatus(Action.SetStatus(status: "Resolved", onlyIfExists: false)))
        guard case .done(let result, _) = await f.run(resolve, id: 3) else { throw Failure.notDone }
        #expect(result.hasPrefix("bug \(second.id)"))
        let resolved = f.simulator.seed.statuses.first { $0.name == "Resolved" }?.id
        #expect(try await f.inspector.bugs().map { $0.status == resolved } == [false, true])
    }

    @Test func anUnknownBugNumberGetsAPreciseAnswer() async throws {
        let f = try Fixture()
        let resolve = Action(rule: "r", dedupKey: nil, bugID: "#9999", kind: .setStatus(Action.SetStatus(status: "Resolved", onlyIfExists: false)))
        guard case .permanent(let message) = await f.run(resolve, id: 1) else {
            Issue.record("an unknown number can never succeed")
            return
        }
        #expect(message.contains("no bug #9999 in project \(f.simulator.seed.project)"))
    }

    enum Failure: Error { case notDone }
}
