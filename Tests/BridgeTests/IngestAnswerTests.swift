@testable import Bridge
import Foundation
import HTTP
@testable import Ingest
import JSON
import Rules
import Store
import Synchronization
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

    static func handler(
        _ source: any WebhookSource, _ store: any EventStore, onDispatched: @escaping @Sendable () -> Void = {}
    ) throws -> IngestHandler {
        IngestHandler(
            source: source, store: store, logger: Logger(label: "test", handler: InMemoryLogHandler()),
            mappings: try ShippedMappings.load(), onDispatched: onDispatched)
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
        let kinds = try await store.actions(state: .pending, afterID: 0, limit: 10).map(\.kind)
        #expect(kinds == ["create_bug", "reply", "follow_up"])
        #expect(try await store.counts().pendingEvents == 0)
        // A redelivery gets the same answer and stores nothing new.
        handler.handle(Self.slackRequest("Crash+on+save", trigger: "t1"), responder: captured.responder)
        #expect(try await captured.response(2).body == answer.body)
        #expect(try await store.counts() == StoreCounts(pendingEvents: 0, actions: [.pending: kinds.count]))
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

    @Test func theRulesActionsAreAppendedWithTheEventInOneStep() async throws {
        let store = InMemoryStore()
        let captured = IngestHandlerTests.Captured()
        let dispatched = Atomic(0)
        let handler = try Self.handler(
            CISource(configuration: try .init(tokens: [Secret("t0ken")])), store,
            onDispatched: { dispatched.add(1, ordering: .relaxed) })
        handler.handle(IngestHandlerTests.request(key: "a"), responder: captured.responder)
        #expect(try await captured.response(1).status == 202)
        let event = try #require(try await store.event(id: 1))
        #expect(event.state == .dispatched)
        #expect(event.dispatchedAt == event.receivedAt)
        let actions = try await store.actions(state: nil, afterID: 0, limit: 10)
        #expect(actions.map(\.kind) == ["create_bug"])
        #expect(actions.map(\.eventID) == [1])
        #expect(actions.first?.nextAttemptAt == event.receivedAt)
        #expect(try await store.pendingEvents(limit: 10).isEmpty)
        #expect(dispatched.load(ordering: .relaxed) == 1)

        // No rule wants it: dispatched with no action, and nothing to wake.
        handler.handle(
            IngestHandlerTests.request(key: "b", body: #"{"pipeline": "api", "status": "running", "url": "https://ci/2"}"#),
            responder: captured.responder)
        #expect(try await captured.response(2).status == 202)
        #expect(try await store.event(id: 2)?.state == .dispatched)
        #expect(try await store.actions(state: nil, afterID: 0, limit: 10).count == 1)
        #expect(dispatched.load(ordering: .relaxed) == 1)
    }

    @Test func aFreshEventQueuesBehindEventsStillWaitingForTheDispatcher() async throws {
        let store = InMemoryStore()
        // As a power loss leaves it: stored, its actions not recorded.
        _ = try await store.append(
            NewEvent(
                source: "ci", deliveryID: "old", name: "failure", receivedAt: 1,
                payload: Array(#"{"pipeline":"api","status":"failure","url":"https://ci/0"}"#.utf8)))
        let captured = IngestHandlerTests.Captured()
        let handler = try Self.handler(CISource(configuration: try .init(tokens: [Secret("t0ken")])), store)
        handler.handle(IngestHandlerTests.request(key: "new"), responder: captured.responder)
        #expect(try JSON(parsing: try await captured.response(1).body) == ["id": 2, "duplicate": false, "matched": 1])
        #expect(try await store.pendingEvents(limit: 10).map(\.id) == [1, 2])
        // The dispatcher then records both, the older first.
        let dispatcher = Dispatcher(
            store: store, mappings: try ShippedMappings.load(), logger: Logger(label: "t", handler: InMemoryLogHandler()))
        #expect(try await dispatcher.dispatchPending(now: 5) == 2)
        let actions = try await store.actions(state: nil, afterID: 0, limit: 10)
        #expect(actions.map(\.eventID) == [1, 2])
        #expect(Set(actions.map(\.dedupKey)).count == 1)
    }
}
