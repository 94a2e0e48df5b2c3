import Foundation
import HTTP
import JSON
import Rules
import Store
import Telemetry
import Webhooks

/// `POST /hooks/<source>`: verify, decode, append, and answer only once the
/// event is durable.
///
/// Runs on the listener's loop thread and never blocks it: the answer is sent
/// from the store's commit completion through the `HTTPResponder`.
package struct IngestHandler: HTTPHandler {
    package let source: any WebhookSource
    package let store: any EventStore
    package let logger: Logger
    /// Called after each new event is durable (wakes the dispatcher).
    package let onStored: @Sendable () -> Void
    package let now: @Sendable () -> Date
    /// The rules, evaluated at ingest for the answer: `"matched"` (how many
    /// rules want the event) and, for Slack, the first matching rule's `reply`.
    /// `nil`: the answer carries neither.
    package let mappings: MappingSet?

    package init(
        source: any WebhookSource, store: any EventStore, logger: Logger, now: @escaping @Sendable () -> Date = { Date() },
        mappings: MappingSet? = nil, onStored: @escaping @Sendable () -> Void
    ) {
        self.source = source
        self.mappings = mappings
        self.store = store
        self.logger = logger
        self.now = now
        self.onStored = onStored
    }

    package func handle(_ request: HTTPRequest, responder: HTTPResponder) {
        let received = now()
        let inbound: InboundEvent
        do {
            inbound = try source.receive(request, now: received)
        } catch {
            logger.notice(
                "Webhook refused",
                metadata: [LogKey.source: "\(source.name)", "status": "\(error.status)", LogKey.error: "\(error.message)"])
            responder.respond(IngestResponse.refused(error))
            return
        }
        if let immediate = inbound.immediateResponse {
            responder.respond(IngestResponse.immediate(immediate))
            return
        }
        let event = NewEvent(
            source: inbound.source, deliveryID: inbound.deliveryID, name: inbound.name,
            receivedAt: RulesEvent.millis(received),
            headers: IngestHeaders.kept(request.headers),
            // Minified: the parsed JSON serialized compactly, whatever the sender's formatting.
            payload: inbound.payload.serializedBytes())
        // The rules are evaluated here too (pure, microseconds) so the answer can
        // say how many matched and carry a Slack reply; the dispatcher later
        // evaluates the stored event again, with the same result, to record
        // the actions. The answer is sent only once the event is durable.
        let evaluation = mappings?.evaluate(RulesEvent.event(inbound, requestHeaders: request.headers, received: received))
        let reply = inbound.source == SlackSource.name ? evaluation.map { IngestResponse.slackReply($0.reply) } : nil
        let matched = evaluation?.matchedRules
        let logger = self.logger
        let onStored = self.onStored
        store.append(event) { result in
            switch result {
            case .success(let appended):
                logger.info(
                    appended.isDuplicate ? "Duplicate delivery: already stored" : "Event stored",
                    metadata: [
                        LogKey.source: "\(event.source)", LogKey.deliveryID: "\(event.deliveryID)",
                        LogKey.eventID: "\(appended.id)", "event": "\(event.name)",
                    ])
                responder.respond(reply ?? IngestResponse.accepted(appended, matched: matched))
                if !appended.isDuplicate { onStored() }
            case .failure(let error):
                logger.error(
                    "Event not stored",
                    metadata: [LogKey.source: "\(event.source)", LogKey.deliveryID: "\(event.deliveryID)", LogKey.error: "\(error)"])
                responder.respond(IngestResponse.storeFailed(error))
            }
        }
    }
}
