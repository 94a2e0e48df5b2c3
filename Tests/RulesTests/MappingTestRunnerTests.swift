import Foundation
import JSON
import Rules
import TestSupport
import Testing

@Suite struct MappingTestRunnerTests {
    static func mappings() throws -> MappingSet {
        var compiler = MappingCompiler(environment: [:])
        compiler.add(file: "m.toml", text: """
            [[rule]]
            name = "slack-bug"
            source = "slack"
            event = "/bug"
            when = "!startsWith(payload.text, 'help')"
            dedup_key = "slack:{{ payload.trigger_id ?? delivery }}"
            [[rule.actions]]
            do = "create_bug"
            summary = "{{ payload.text }}"
            [[rule.actions]]
            do = "reply"
            text = "Filing \\"{{ payload.text | truncate(40) }}\\" for {{ payload.user_name }}…"
            [[rule.actions]]
            do = "follow_up"
            success = "Filed {bug.id}: {bug.url}"
            """)
        return try compiler.finish()
    }

    @Test func passingAndFailingCasesWithADiff() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("cases/bug.txt", "command=%2Fbug&text=Login+page+is+blank&user_name=ana&trigger_id=t1&response_url=https%3A%2F%2Fhooks.slack.com%2Fx")
        try folder.write("cases/bug.expected.toml", """
            source = "slack"
            [[actions]]
            do = "create_bug"
            rule = "slack-bug"
            dedup_key = "slack:t1"
            summary = "Login page is blank"
            on_duplicate = "comment"
            [[actions]]
            do = "reply"
            rule = "slack-bug"
            dedup_key = "slack:t1"
            text = "Filing \\"Login page is blank\\" for ana…"
            visibility = "ephemeral"
            [[actions]]
            do = "follow_up"
            rule = "slack-bug"
            dedup_key = "slack:t1"
            url = "https://hooks.slack.com/x"
            success = "Filed {bug.id}: {bug.url}"
            failure = "Sorry, that failed: {error}"
            visibility = "ephemeral"
            """)
        try folder.write("cases/help.txt", "command=%2Fbug&text=help")
        try folder.write("cases/help.expected.json", #"{"source": "slack", "actions": [{"do": "reply", "rule": "slack-bug", "text": "wrong"}]}"#)
        let results = MappingTestRunner(mappings: try Self.mappings()).run(directory: folder.path)
        #expect(results.map(\.passed) == [true, false])
        let details = results[1].details
        #expect(details.contains("-    \"do\": \"reply\","))
        #expect(details.contains("+[]"))
        #expect(details.contains { $0.contains("not matched") })
        #expect(details.contains { $0.contains("`startsWith(payload.text, 'help')` is true") })
    }

    @Test func aSlackCommandIsAnsweredByItsReply() throws {
        let event = try EventDecoder.event(
            source: "slack", body: Array("command=%2Fbug&text=Crash+on+save&user_name=bo".utf8), headers: EventHeaders())
        let result = try Self.mappings().evaluate(event)
        #expect(result.reply == Action.Reply(text: "Filing \"Crash on save\" for bo…"))
        #expect(result.actions.map(\.kind.name) == ["create_bug", "reply", "follow_up"])
        #expect(result.actions.first?.dedupKey == "slack:dry-run")
    }

    @Test func aCaseWithoutItsPayloadFailsClearly() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try folder.write("lonely.expected.json", #"{"source": "ci"}"#)
        let result = MappingTestRunner(mappings: try Self.mappings()).run(caseFile: file)
        #expect(!result.passed)
        #expect(result.details.first?.contains("payload file not found") == true)
    }

    @Test func eventDecoderNamesEventsAndDecodesSlackForms() throws {
        let headers = try EventDecoder.headers(["X-GitHub-Event: workflow_run", "X-GitHub-Delivery:  abc "])
        let github = try EventDecoder.event(source: "github", body: Array("{}".utf8), headers: headers)
        #expect(github.name == "workflow_run")
        #expect(github.delivery == "abc")
        let slack = try EventDecoder.event(
            source: "slack", body: try SharedFiles.fixture("slack/slash_command.bolt-python-enterprise.body.txt"),
            headers: EventHeaders())
        #expect(slack.name == "/hello-world")
        #expect(slack.payload["text"] == "Hi")
        #expect(throws: EventDecoder.DecodeError.self) { try EventDecoder.headers(["no colon"]) }
        #expect(throws: EventDecoder.DecodeError.self) {
            try EventDecoder.event(source: "github", body: Array("{".utf8), headers: EventHeaders())
        }
        #expect(throws: EventDecoder.DecodeError.self) {
            try EventDecoder.event(source: "svn", body: Array("{}".utf8), headers: EventHeaders())
        }
    }
}
