@testable import Bridge
import Foundation
import HTTP
import JSON
@testable import Rules
import Store
import Telemetry
import Testing
import Webhooks

/// The ingest's rule evaluation handed to the dispatcher in memory, and the
/// body stored as sent (minified) when the payload is the body unchanged.
@Suite struct IngestEvaluationsTests {
    static func result(_ rule: String) -> EvaluationResult {
        EvaluationResult(outcomes: [RuleOutcome(rule: rule, location: SourceLocation(file: "m.toml", line: 1, column: 1), status: .notMatched([]))])
    }

    @Test func anEvaluationIsTakenOnceAndTheOldestIsDroppedPastCapacity() {
        let cache = IngestEvaluations(capacity: 2)
        cache.insert(Self.result("a"), for: 1)
        cache.insert(Self.result("b"), for: 2)
        #expect(cache.take(1) == Self.result("a"))
        #expect(cache.take(1) == nil)
        cache.insert(Self.result("c"), for: 3)
        cache.insert(Self.result("d"), for: 4)
        // 1 was taken, 2 was the oldest left in the ring: 3 and 4 remain.
        #expect(cache.take(2) == nil)
        #expect(cache.count == 2)
        #expect(cache.take(3) == Self.result("c"))
        #expect(cache.take(4) == Self.result("d"))
        #expect(cache.count == 0)
    }

    static func handler(_ store: InMemoryStore, _ mappings: MappingSet, _ cache: IngestEvaluations) throws -> IngestHandler {
        IngestHandler(
            source: CISource(configuration: try .init(tokens: [Secret("t0ken")])), store: store,
            logger: Logger(label: "test", handler: InMemoryLogHandler()), mappings: mappings, evaluations: cache,
            onStored: {})
    }

    @Test func theIngestLeavesTheEvaluationTheDispatcherWouldMakeAndStoresTheBodyMinified() async throws {
        let store = InMemoryStore()
        let mappings = try DispatcherTests.mappings()
        let cache = IngestEvaluations()
        let captured = IngestHandlerTests.Captured()
        let body = "{\n  \"pipeline\": \"api web\",\n  \"status\": \"failure\",\n  \"url\": \"https://ci/1\",\n  \"note\": \"a \\\"b\\\"\\n\"\n}\n"
        try Self.handler(store, mappings, cache).handle(
            IngestHandlerTests.request(body: body), responder: captured.responder)
        #expect(try await captured.response(1).status == 202)
        let event = try #require(try await store.event(id: 1))
        #expect(
            String(decoding: event.payload, as: UTF8.self)
                == #"{"pipeline":"api web","status":"failure","url":"https://ci/1","note":"a \"b\"\n"}"#)
        let expected = mappings.evaluate(try RulesEvent.event(event))
        #expect(expected.matchedRules == 1)
        #expect(cache.take(1) == expected)
        // A redelivery is a duplicate: nothing new is left for the dispatcher.
        try Self.handler(store, mappings, cache).handle(
            IngestHandlerTests.request(body: body), responder: captured.responder)
        #expect(try await captured.response(2).status == 200)
        #expect(cache.count == 0)
    }

    @Test func aNormalisedPayloadIsStoredSerializedNotAsSent() async throws {
        let store = InMemoryStore()
        let captured = IngestHandlerTests.Captured()
        let body = #"{ "pipeline": "api", "status": "FAILED", "url": "https://ci/1", "run_id": 7 }"#
        try Self.handler(store, try DispatcherTests.mappings(), IngestEvaluations()).handle(
            IngestHandlerTests.request(body: body), responder: captured.responder)
        #expect(try await captured.response(1).status == 202)
        let event = try #require(try await store.event(id: 1))
        #expect(
            String(decoding: event.payload, as: UTF8.self)
                == #"{"pipeline":"api","status":"failure","url":"https://ci/1","run_id":"7"}"#)
    }

    @Test func theDispatcherUsesAKeptEvaluationInsteadOfTheStoredPayload() async throws {
        let store = InMemoryStore()
        let mappings = try DispatcherTests.mappings()
        let logs = InMemoryLogHandler()
        var dispatcher = Dispatcher(store: store, mappings: mappings, logger: Logger(label: "t", handler: logs))
        let cache = IngestEvaluations()
        dispatcher.evaluations = cache
        // The stored payload is unreadable: only the kept evaluation can yield actions.
        let appended = try await store.append(
            NewEvent(source: "ci", deliveryID: "1", name: "failure", receivedAt: 1, payload: Array("{".utf8)))
        let real = try await store.append(DispatcherTests.event("failure", delivery: "2"))
        let evaluation = mappings.evaluate(try RulesEvent.event(#require(try await store.event(id: real.id))))
        cache.insert(evaluation, for: appended.id)
        #expect(try await dispatcher.dispatchPending(now: 2_000) == 2)
        let actions = try await store.actions(state: nil, afterID: 0, limit: 10)
        #expect(actions.map(\.eventID) == [appended.id, real.id])
        #expect(actions.map(\.kind) == ["create_bug", "create_bug"])
        #expect(!logs.messages.contains { $0.contains("not JSON") })
        #expect(cache.count == 0)
    }
}
