@testable import Bridge
import Foundation
import HTTP
@testable import Ingest
import JSON
import Store
import Synchronization
import Telemetry
import TestSupport
import Testing
import Webhooks

/// The ingest handler without sockets: an in-memory store, a captured responder.
@Suite struct IngestHandlerTests {
    final class Captured: Sendable {
        let responses = Mutex<[HTTPResponse]>([])
        let dispatched = Atomic(0)

        var responder: HTTPResponder { HTTPResponder { response in self.responses.withLock { $0.append(response) } } }

        /// Waits for the `count`-th answer (the store answers from its own thread).
        func response(_ count: Int) async throws -> HTTPResponse {
            try await waitUntil("answer \(count)", interval: .milliseconds(2)) { responses.withLock { $0.count >= count } }
            return responses.withLock { $0[count - 1] }
        }
    }

    static func handler(_ store: InMemoryStore, _ captured: Captured) throws -> IngestHandler {
        let source = CISource(configuration: try .init(tokens: [Secret("t0ken")]))
        return IngestHandler(
            source: source, store: store, logger: Logger(label: "test", handler: InMemoryLogHandler()),
            onDispatched: { captured.dispatched.add(1, ordering: .relaxed) })
    }

    static func request(token: String = "t0ken", key: String? = "d-1", body: String? = nil) -> HTTPRequest {
        var headers: HTTPHeaders = ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
        if let key { headers.set("Idempotency-Key", key) }
        let text = body ?? #"{ "pipeline": "api",  "status": "failed", "url": "https://ci/1" }"#
        return HTTPRequest(method: "POST", target: "/hooks/ci", headers: headers, body: Array(text.utf8))
    }

    @Test func newEventIsAcceptedAfterTheAppendAndRedeliveryIsADuplicate() async throws {
        let store = InMemoryStore()
        let captured = Captured()
        let handler = try Self.handler(store, captured)
        handler.handle(Self.request(), responder: captured.responder)
        let first = try await captured.response(1)
        #expect(first.status == 202)
        #expect(try JSON(parsing: first.body) == ["id": 1, "duplicate": false])
        handler.handle(Self.request(), responder: captured.responder)
        let second = try await captured.response(2)
        #expect(second.status == 200)
        #expect(try JSON(parsing: second.body) == ["id": 1, "duplicate": true])
        // Without rules at hand the event waits for the dispatcher, once.
        #expect(try await store.pendingEvents(limit: 10).map(\.id) == [1])
        #expect(captured.dispatched.load(ordering: .relaxed) == 0)
        let event = try #require(try await store.event(id: 1))
        #expect(event.source == "ci")
        #expect(event.name == "failure")
        #expect(event.deliveryID == "d-1")
        #expect(String(decoding: event.payload, as: UTF8.self) == #"{"pipeline":"api","status":"failure","url":"https://ci/1"}"#)
        #expect(event.headers.contains(HeaderField("Idempotency-Key", "d-1")))
        #expect(!event.headers.contains { $0.name == "Authorization" })
    }

    @Test func refusedRequestsStoreNothing() async throws {
        let store = InMemoryStore()
        let captured = Captured()
        let handler = try Self.handler(store, captured)
        handler.handle(Self.request(token: "nope"), responder: captured.responder)
        handler.handle(Self.request(body: #"{"pipeline": "api"}"#), responder: captured.responder)
        #expect(try await captured.response(1).status == 401)
        let bad = try await captured.response(2)
        #expect(bad.status == 400)
        #expect(try JSON(parsing: bad.body)["message"]?.stringValue?.contains("'status'") == true)
        #expect(try await store.counts().pendingEvents == 0)
        #expect(try await store.actions(state: nil, afterID: 0, limit: 10).isEmpty)
        #expect(captured.dispatched.load(ordering: .relaxed) == 0)
    }

    @Test func credentialsAndSignaturesAreNotKept() {
        let headers: HTTPHeaders = [
            "Authorization": "Bearer x", "X-Hub-Signature-256": "sha256=ab", "X-Gitlab-Token": "t", "Cookie": "c",
            "X-GitHub-Event": "workflow_run", "X-Slack-Signature": "v0=1", "User-Agent": "GitHub-Hookshot/1",
        ]
        let kept = IngestHeaders.kept(headers).map(\.name)
        #expect(kept == ["X-GitHub-Event", "User-Agent"])
    }

    @Test func storeFailureIsA503WithRetryAfter() throws {
        let response = IngestResponse.storeFailed(StoreError(.io, "disk full"))
        #expect(response.status == 503)
        #expect(response.headers["Retry-After"] == "1")
        #expect(try JSON(parsing: response.body)["error"] == "store_unavailable")
    }
}
