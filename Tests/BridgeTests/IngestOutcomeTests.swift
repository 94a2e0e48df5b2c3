@testable import Bridge
import Foundation
import HTTP
@testable import Ingest
import JSON
import Store
import Telemetry
import Testing
import Webhooks

/// Every webhook comes to one `IngestOutcome`: the answer and the metrics are made from it.
@Suite struct IngestOutcomeTests {
    static let accepted = IngestOutcome.Accepted(id: 7, matched: 1, reply: nil)

    @Test func eachOutcomeHasItsAnswer() throws {
        let table: [(IngestOutcome, Int, JSON?)] = [
            (.refused(.unauthorized("bad token")), 401, ["error": "unauthorized", "message": "bad token"]),
            (.stored(Self.accepted), 202, ["id": 7, "duplicate": false, "matched": 1]),
            (.duplicate(Self.accepted), 200, ["id": 7, "duplicate": true]),
            (.stored(.init(id: 8, matched: 0, reply: .some(nil))), 200, nil),
            (.storeFailed(StoreError(.io, "disk full")), 503,
             ["error": "store_unavailable", "message": "the event could not be stored; retry later"]),
        ]
        for (outcome, status, body) in table {
            #expect(outcome.status == status, "\(outcome)")
            let response = outcome.response
            #expect(response.status == status, "\(outcome)")
            if let body { #expect(try JSON(parsing: response.body) == body, "\(outcome)") } else { #expect(response.body.isEmpty) }
        }
        #expect(IngestOutcome.storeFailed(StoreError(.io, "x")).response.headers["Retry-After"] == "1")
    }

    @Test func aRefusalIsDecidedWithoutTheStore() throws {
        let store = InMemoryStore()
        let handler = IngestHandler(
            source: CISource(configuration: try .init(tokens: [Secret("t0ken")])), store: store,
            logger: Logger(label: "t", handler: InMemoryLogHandler()))
        guard case .answer(.refused(let error)) = handler.decide(IngestHandlerTests.request(token: "nope"), received: Date())
        else {
            Issue.record("a wrong token is refused before anything is stored")
            return
        }
        #expect(error.status == 401)
        guard case .append(let event, let actions, _, let reply, _) = handler.decide(IngestHandlerTests.request(), received: Date())
        else {
            Issue.record("a good request is to be appended")
            return
        }
        #expect(event.deliveryID == "d-1")
        #expect(actions == nil, "no rules at hand: stored for the dispatcher")
        #expect(reply == nil, "the CI source answers with the event's id")
    }

    /// A Slack command is answered 200 with its reply, and is still a stored
    /// event; a redelivery is a duplicate, whatever its status.
    @Test func theMetricsCountOutcomesNotStatuses() throws {
        let metrics = GatewayMetrics()
        let slack = metrics.source("slack")
        slack.record(.stored(.init(id: 1, matched: 1, reply: .some(nil))), duration: .milliseconds(1))
        slack.record(.duplicate(.init(id: 1, matched: 1, reply: .some(nil))), duration: .milliseconds(1))
        slack.record(.refused(.unauthorized("x")), duration: .milliseconds(1))
        let text = metrics.registry.render()
        #expect(text.contains(#"sniffer_bridge_events_stored_total{source="slack"} 1"#))
        #expect(text.contains(#"sniffer_bridge_events_duplicate_total{source="slack"} 1"#))
        #expect(text.contains(#"sniffer_bridge_webhook_requests_total{source="slack",status="200"} 2"#))
        #expect(text.contains(#"sniffer_bridge_webhook_requests_total{source="slack",status="401"} 1"#))
        #expect(text.contains(#"sniffer_bridge_ingest_duration_seconds_count{source="slack"} 3"#))
    }
}
