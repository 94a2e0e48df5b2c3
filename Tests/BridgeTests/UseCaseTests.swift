import Bridge
import Foundation
import JSON
import Store
import Testing
import TestSupport

/// The three use cases end to end: the gateway in process with the shipped
/// mappings, signed deliveries over TCP, the simulator as Sniffer.
@Suite(.serialized) struct UseCaseTests {
    /// `body` with some JSON paths replaced.
    static func edit(_ body: [UInt8], _ change: (inout JSONObject) -> Void) throws -> [UInt8] {
        guard case .object(var object) = try JSON(parsing: body) else { throw HarnessError("not an object") }
        change(&object)
        return JSON.object(object).serializedBytes()
    }

    static func run(_ body: [UInt8], number: Int, conclusion: String) throws -> [UInt8] {
        try edit(body) { payload in
            guard case .object(var run)? = payload["workflow_run"] else { return }
            run["run_number"] = .int(Int64(number))
            run["conclusion"] = .string(conclusion)
            run["html_url"] = .string("https://github.com/clee2000/random-testing/actions/runs/\(number)")
            payload["workflow_run"] = .object(run)
        }
    }

    @Test func failingWorkflowTwiceThenSuccessGivesOneBugOneCommentResolved() async throws {
        let harness = try PipelineHarness.withShippedMappings()
        let gateway = try await harness.startGateway()
        let failure = try SharedFiles.fixture("github/workflow_run.completed.failure.json")
        let deliveries = [
            try Self.run(failure, number: 1, conclusion: "failure"), try Self.run(failure, number: 2, conclusion: "failure"),
            try Self.run(failure, number: 3, conclusion: "success"),
        ]
        for (index, body) in deliveries.enumerated() {
            let answer = try await harness.github(body, event: "workflow_run", delivery: "run-\(index)", to: gateway)
            #expect(answer.status == 202)
            #expect(answer.json?["matched"] == 1)
            try await harness.drain(gateway)
        }
        await gateway.stop()
        let bugs = try await harness.inspector.bugs()
        try #require(bugs.count == 1)
        #expect(bugs[0].integrationKey == "github:clee2000/random-testing:workflow:rebase:master")
        #expect(bugs[0].summary == "CI failed: rebase on clee2000/random-testing@master")
        #expect(bugs[0].status == harness.simulator.seed.statuses.first { $0.name == "Resolved" }?.id)
        let comments = try await harness.inspector.comments().map(\.text)
        #expect(comments.filter { $0.hasPrefix("Failed again: run #2 (failure)") }.count == 1)
        #expect(comments.filter { $0.hasPrefix("Fixed: run #3 succeeded") }.count == 1)
        #expect(comments.count == 2)
    }

    /// A workflow name cut in the middle of a surrogate pair (as a JavaScript
    /// sender may post it) is accepted, stored as sent, and reaches Sniffer
    /// with U+FFFD where the rule read it.
    @Test func aLoneSurrogateIsAcceptedStoredAsSentAndReadAsReplacement() async throws {
        let harness = try PipelineHarness.withShippedMappings()
        let gateway = try await harness.startGateway()
        let failure = try SharedFiles.fixture("github/workflow_run.completed.failure.json")
        let marked = try Self.edit(try Self.run(failure, number: 1, conclusion: "failure")) { payload in
            guard case .object(var run)? = payload["workflow_run"] else { return }
            run["name"] = "NAME-MARKER"
            payload["workflow_run"] = .object(run)
        }
        let body = Array(String(decoding: marked, as: UTF8.self)
            .replacingOccurrences(of: "NAME-MARKER", with: #"rebase \ud83d"#).utf8)
        let answer = try await harness.github(body, event: "workflow_run", delivery: "lone-1", to: gateway)
        #expect(answer.status == 202)
        #expect(answer.json?["matched"] == 1)
        try await harness.drain(gateway)
        await gateway.stop()
        let bugs = try await harness.inspector.bugs()
        #expect(bugs.map(\.summary) == ["CI failed: rebase \u{FFFD} on clee2000/random-testing@master"])
        let store = try SQLiteStore(directory: harness.folder.appendingPathComponent("data").path)
        let stored = try await store.event(id: try #require(answer.json?["id"]?.intValue))
        await store.close()
        let text = String(decoding: try #require(stored).payload, as: UTF8.self)
        #expect(text.contains(#""name":"rebase \ud83d""#), "stored: \(text.prefix(200))")
    }

    @Test func jiraIssueCreatedMovedAndCommentedFollowsOneBug() async throws {
        let harness = try PipelineHarness.withShippedMappings()
        let gateway = try await harness.startGateway()
        for (index, fixture) in [
            "jira/jira.issue_created.json", "jira/jira.issue_updated.status_todo_to_inprogress.json",
            "jira/jira.comment_created.cloud.json",
        ].enumerated() {
            let answer = try await harness.jira(try SharedFiles.fixture(fixture), delivery: "jira-\(index)", to: gateway)
            #expect(answer.status == 202)
            try await harness.drain(gateway)
        }
        await gateway.stop()
        let bugs = try await harness.inspector.bugs()
        try #require(bugs.count == 1)
        #expect(bugs[0].integrationKey == "TES-41")
        // Filed on the Jira platform, so Sniffer's by-integration-key finds it as a Jira key.
        #expect(bugs[0].integrationPlatform == "JIRA")
        guard case .success(let found) = await harness.inspector.client.bug(integrationKey: "TES-41", platform: "JIRA") else {
            Issue.record("by-integration-key?platform=JIRA did not find the bug")
            return
        }
        #expect(found.id == bugs[0].id)
        #expect(bugs[0].summary == "[TES-41] Unit test summary")
        #expect(bugs[0].status == harness.simulator.seed.statuses.first { $0.name == "In Progress" }?.id)
        #expect(try await harness.inspector.comments().map(\.text) == ["Test User: Added a comment"])
    }

    @Test func slashCommandIsAnsweredAtOnceThenFollowedUpWithTheBug() async throws {
        let harness = try PipelineHarness.withShippedMappings()
        let listener = try ResponseURLListener()
        let gateway = try await harness.startGateway()
        let encodedURL = listener.url.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let body = Array(
            "team_id=T1&channel_name=general&user_id=U1&user_name=ana&command=%2Fbug&text=Checkout+button+does+nothing&response_url=\(encodedURL)&trigger_id=trig.1"
                .utf8)
        let answer = try await harness.slack(body, to: gateway)
        #expect(answer.status == 200)
        #expect(answer.json == ["response_type": "ephemeral", "text": "Filing \"Checkout button does nothing\"…"])
        let posts = try await listener.wait(for: 1)
        try await harness.drain(gateway)
        await gateway.stop()
        let bugs = try await harness.inspector.bugs()
        try #require(bugs.count == 1)
        #expect(bugs[0].summary == "Checkout button does nothing")
        let post = try JSON(parsing: posts[0].body)
        #expect(post["response_type"] == "ephemeral")
        let number = try #require(bugs[0].number)
        #expect(post["text"]?.stringValue == "Filed bug #\(number): Checkout button does nothing")
        #expect(posts.count == 1)
    }

    @Test func slashStatusTakesTheNumberPeopleSeeAndRepliesLinkToTheWebApp() async throws {
        let harness = try PipelineHarness.withShippedMappings(webURL: "https://sniffer.example.com/app/bugs/{number}")
        let listener = try ResponseURLListener()
        let gateway = try await harness.startGateway()
        let encodedURL = listener.url.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        func command(_ text: String, trigger: String) async throws {
            let encoded = text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let body = Array(
                "team_id=T1&channel_name=general&user_id=U1&user_name=ana&command=%2Fbug&text=\(encoded)&response_url=\(encodedURL)&trigger_id=\(trigger)"
                    .utf8)
            #expect(try await harness.slack(body, to: gateway).status == 200)
        }
        try await command("Checkout button does nothing", trigger: "trig.1")
        _ = try await listener.wait(for: 1)
        let number = try #require(try await harness.inspector.bugs().first?.number)
        try await command("status \(number) Resolved", trigger: "trig.2")
        try await command("status #9999 Resolved", trigger: "trig.3")
        let posts = try await listener.wait(for: 3)
        try await harness.drain(gateway)
        await gateway.stop()
        let page = "https://sniffer.example.com/app/bugs/\(number)"
        let texts = try posts.map { try JSON(parsing: $0.body)["text"]?.stringValue ?? "" }
        #expect(texts[0] == "Filed <\(page)|bug #\(number)>: Checkout button does nothing")
        #expect(texts.contains("Done: <\(page)|bug #\(number)> is now Resolved"))
        let unknown = try #require(texts.first { $0.hasPrefix("Sorry, bug #9999 could not be changed: ") })
        #expect(unknown.contains("no bug #9999 in project \(harness.simulator.seed.project)"))
        let resolved = harness.simulator.seed.statuses.first { $0.name == "Resolved" }?.id
        #expect(try await harness.inspector.bugs().map(\.status) == [resolved])
    }

    @Test func disabledOrAbsentSourcesAre404AndUnwantedEventsAccepted() async throws {
        let harness = try PipelineHarness.withShippedMappings()
        let gateway = try await harness.startGateway()
        let gitlab = try await harness.send(Array("{}".utf8), path: "/hooks/gitlab", headers: [("X-Gitlab-Token", "unused")], to: gateway)
        #expect(gitlab.status == 404)
        let jenkins = try await harness.send(Array("{}".utf8), path: "/hooks/jenkins", headers: [], to: gateway)
        #expect(jenkins.status == 404)
        let requested = try await harness.github(
            try SharedFiles.fixture("github/workflow_run.requested.json"), event: "workflow_run", delivery: "r-1", to: gateway)
        #expect(requested.status == 202)
        #expect(requested.json?["matched"] == 0)
        let ping = try await harness.github(
            try SharedFiles.fixture("github/ping.repo.json"), event: "ping", delivery: "p-1", to: gateway)
        #expect(ping.status == 200)
        #expect(ping.json?["event"] == "ping")
        try await harness.drain(gateway)
        let actions = try await gateway.store.actions(state: nil, afterID: 0, limit: 10)
        await gateway.stop()
        #expect(actions.isEmpty)
        #expect(try await harness.inspector.bugs().isEmpty)
    }
}
