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
    /// Where the evaluation of each new event is left for the dispatcher
    /// (`nil`: the dispatcher evaluates the stored event itself).
    package let evaluations: IngestEvaluations?

    package init(
        source: any WebhookSource, store: any EventStore, logger: Logger, now: @escaping @Sendable () -> Date = { Date() },
        mappings: MappingSet? = nil, evaluations: IngestEvaluations? = nil, onStored: @escaping @Sendable () -> Void
    ) {
        self.source = source
        self.mappings = mappings
        self.evaluations = evaluations
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
        let keptHeaders = IngestHeaders.kept(request.headers)
        let event = NewEvent(
            source: inbound.source, deliveryID: inbound.deliveryID, name: inbound.name,
            receivedAt: RulesEvent.millis(received),
            headers: keptHeaders,
            // Minified, whatever the sender's formatting: the body's own bytes
            // without whitespace when the payload is the body unchanged (made
            // by the parse; far cheaper than serializing), else the parsed
            // JSON serialized compactly.
            payload: inbound.minifiedBody ?? inbound.payload.serializedBytes())
        // The rules are evaluated here (pure) so the answer can say how many
        // matched and carry a Slack reply. The result goes to the dispatcher
        // through `evaluations` once the event is stored; without an entry it
        // evaluates the stored event again, with the same result. The answer
        // is sent only once the event is durable.
        let evaluation = mappings?.evaluate(RulesEvent.event(inbound, keptHeaders: keptHeaders, received: received))
        let reply = inbound.source == SlackSource.name ? evaluation.map { IngestResponse.slackReply($0.reply) } : nil
        let matched = evaluation?.matchedRules
        let logger = self.logger
        let onStored = self.onStored
        let evaluations = self.evaluations
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
                if !appended.isDuplicate {
                    // Before the wakeup, so the dispatcher it wakes finds it.
                    if let evaluation { evaluations?.insert(evaluation, for: appended.id) }
                    onStored()
                }
            case .failure(let error):
                logger.error(
                    "Event not stored",
                    metadata: [LogKey.source: "\(event.source)", LogKey.deliveryID: "\(event.deliveryID)", LogKey.error: "\(error)"])
                responder.respond(IngestResponse.storeFailed(error))
            }
        }
    }
}
