@testable import Bridge
import Foundation
import HTTP
import JSON
import Rules
import Store
import Telemetry
import Testing
import Webhooks

/// What `/hooks/<source>` answers when the rules are known at ingest: how
/// many matched, and for Slack the rule's reply, each only once stored.
@Suite struct IngestAnswerTests {
    static let slackSecret = "slack-secret"

    static func slackRequest(_ text: String, trigger: String) -> HTTPRequest {
        let body = Array("command=%2Fbug&text=\(text)&team_id=T1&trigger_id=\(trigger)&response_url=https%3A%2F%2Fhooks.slack.com%2Fx".utf8)
        let timestamp = "\(Int(Date().timeIntervalSince1970))"
        let signature = "v0=" + PipelineHarness.hmacHex(slackSecret, Array("v0:\(timestamp):".utf8) + body)
        return HTTPRequest(
            method: "POST", target: "/hooks/slack",
            headers: [
                "Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": timestamp,
                "X-Slack-Signature": signature,
            ],
            body: body)
    }

    static func handler(_ source: any WebhookSource, _ store: any EventStore) throws -> IngestHandler {
        IngestHandler(
            source: source, store: store, logger: Logger(label: "test", handler: InMemoryLogHandler()),
            mappings: try ShippedMappings.load(), onStored: {})
    }

    @Test func aSlackCommandIsAnsweredWithItsReplyOnceStored() async throws {
        let store = InMemoryStore()
        let captured = IngestHandlerTests.Captured()
        let slack = SlackSource(configuration: try .init(signingSecrets: [Secret(Self.slackSecret)]))
        let handler = try Self.handler(slack, store)
        handler.handle(Self.slackRequest("Crash+on+save", trigger: "t1"), responder: captured.responder)
        let answer = try await captured.response(1)
        #expect(answer.status == 200)
        #expect(try JSON(parsing: answer.body) == ["response_type": "ephemeral", "text": "Filing \"Crash on save\"…"])
        #expect(try await store.counts().pendingEvents == 1)
        // A redelivery gets the same answer and stores nothing new.
        handler.handle(Self.slackRequest("Crash+on+save", trigger: "t1"), responder: captured.responder)
        #expect(try await captured.response(2).body == answer.body)
        #expect(try await store.counts().pendingEvents == 1)
    }

    @Test func aSlackCommandIsNotAnsweredWhenTheStoreFails() async throws {
        let store = InMemoryStore()
        await store.close()
        let captured = IngestHandlerTests.Captured()
        let slack = SlackSource(configuration: try .init(signingSecrets: [Secret(Self.slackSecret)]))
        try Self.handler(slack, store).handle(Self.slackRequest("help", trigger: "t2"), responder: captured.responder)
        let answer = try await captured.response(1)
        #expect(answer.status == 503)
    }

    @Test func newEventsSayHowManyRulesMatched() async throws {
        let store = InMemoryStore()
        let captured = IngestHandlerTests.Captured()
        let handler = try Self.handler(CISource(configuration: try .init(tokens: [Secret("t0ken")])), store)
        handler.handle(IngestHandlerTests.request(key: "a"), responder: captured.responder)
        #expect(try JSON(parsing: try await captured.response(1).body) == ["id": 1, "duplicate": false, "matched": 1])
        handler.handle(IngestHandlerTests.request(key: "b", body: #"{"pipeline": "api", "status": "running", "url": "https://ci/2"}"#), responder: captured.responder)
        #expect(try JSON(parsing: try await captured.response(2).body) == ["id": 2, "duplicate": false, "matched": 0])
        handler.handle(IngestHandlerTests.request(key: "a"), responder: captured.responder)
        #expect(try JSON(parsing: try await captured.response(3).body) == ["id": 1, "duplicate": true])
    }
}
