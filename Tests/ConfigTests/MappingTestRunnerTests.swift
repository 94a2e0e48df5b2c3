import Config
import Foundation
import JSON
import Rules
import TestSupport
import Testing

@Suite struct MappingTestRunnerTests {
    static func mappings() throws -> MappingSet {
        var compiler = MappingCompiler(environment: [:], sources: ConfigSchema.sources.map(\.name))
        compiler.add(file: "m.toml", text: """
            [[rule]]
            name = "slack-bug"
            source = "slack"
            event = "/bug"
            when = "!startsWith(payload.text, 'help')"
            dedup_key = "slack:{{ payload.trigger_id ?? delivery }}"
            [[rule.actions]]
            do = "create_bug"
            id = "bug"
            summary = "{{ payload.text }}"
            [[rule.actions]]
            do = "reply"
            text = "Filing \\"{{ payload.text | truncate(40) }}\\" for {{ payload.user_name }}…"
            [[rule.actions]]
            do = "follow_up"
            success = "Filed {{ steps.bug.id }}: {{ steps.bug.url }}"
            """)
        return try compiler.finish()
    }

    /// A stand-in for the executable's decoder (the gateway's adapters live in
    /// Bridge, which Config does not see): JSON bodies, the name from `X-Event`
    /// or the case's `event`, `ping` answered without rules.
    static let decoder: DeliveryDecoder = { raw throws(RawDelivery.DecodeError) in
        let payload: JSON
        do { payload = try JSON(parsing: raw.body) } catch { throw RawDelivery.DecodeError("not JSON: \(error)") }
        let name = raw.eventName ?? raw.headers.first { $0.name == "X-Event" }?.value ?? ""
        if name == "ping" { return nil }
        return RuleEvent(source: raw.source, name: name, delivery: "d1", payload: payload)
    }

    @Test func passingAndFailingCasesWithADiff() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write(
            "cases/bug.json",
            #"{"command": "/bug", "text": "Login page is blank", "user_name": "ana", "trigger_id": "t1", "response_url": "https://hooks.slack.com/x"}"#)
        try folder.write("cases/bug.expected.toml", """
            source = "slack"
            [headers]
            X-Event = "/bug"
            [[actions]]
            do = "create_bug"
            rule = "slack-bug"
            dedup_key = "slack:t1"
            id = "bug"
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
            success = ""
            failure = ""
            visibility = "ephemeral"
            [actions.deferred]
            success = "Filed {{ steps.bug.id }}: {{ steps.bug.url }}"
            failure = "Sorry, that failed: {{ error }}"
            """)
        try folder.write("cases/help.json", #"{"command": "/bug", "text": "help"}"#)
        try folder.write(
            "cases/help.expected.json",
            #"{"source": "slack", "event": "/bug", "actions": [{"do": "reply", "rule": "slack-bug", "text": "wrong"}]}"#)
        let results = MappingTestRunner(mappings: try Self.mappings(), decoder: Self.decoder).run(directory: folder.path)
        #expect(results.map(\.passed) == [true, false])
        let details = results[1].details
        #expect(details.contains("-    \"do\": \"reply\","))
        #expect(details.contains("+[]"))
        #expect(details.contains { $0.contains("not matched") })
        #expect(details.contains { $0.contains("`startsWith(payload.text, 'help')` is true") })
    }

    @Test func aDeliveryAnsweredByTheGatewayProducesNoAction() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("ping.json", "{}")
        let file = try folder.write("ping.expected.json", #"{"source": "github", "event": "ping"}"#)
        let runner = MappingTestRunner(mappings: try Self.mappings(), decoder: Self.decoder)
        #expect(runner.run(caseFile: file).passed)
        let wrong = try folder.write(
            "ping2.expected.json", #"{"source": "github", "event": "ping", "payload": "ping.json", "actions": [{"do": "reply"}]}"#)
        let result = runner.run(caseFile: wrong)
        #expect(!result.passed)
        #expect(result.details.last?.contains("no rule runs") == true)
        #expect(result.details.contains("-    \"do\": \"reply\""))
    }

    @Test func aDecodingErrorFailsTheCase() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("bad.json", "{")
        let file = try folder.write("bad.expected.json", #"{"source": "ci"}"#)
        let result = MappingTestRunner(mappings: try Self.mappings(), decoder: Self.decoder).run(caseFile: file)
        #expect(!result.passed)
        #expect(result.details.first?.contains("not JSON") == true)
    }

    @Test func aCaseWithoutItsPayloadFailsClearly() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try folder.write("lonely.expected.json", #"{"source": "ci"}"#)
        let result = MappingTestRunner(mappings: try Self.mappings(), decoder: Self.decoder).run(caseFile: file)
        #expect(!result.passed)
        #expect(result.details.first?.contains("payload file not found") == true)
    }

    @Test func headerLinesAreRead() throws {
        let headers = try RawDelivery.headers(lines: ["X-GitHub-Event: workflow_run", "X-GitHub-Delivery:  abc "])
        #expect(headers.map(\.name) == ["X-GitHub-Event", "X-GitHub-Delivery"])
        #expect(headers.map(\.value) == ["workflow_run", "abc"])
        #expect(throws: RawDelivery.DecodeError.self) { try RawDelivery.headers(lines: ["no colon"]) }
        #expect(throws: RawDelivery.DecodeError.self) { try RawDelivery.headers(lines: [": v"]) }
    }
}
