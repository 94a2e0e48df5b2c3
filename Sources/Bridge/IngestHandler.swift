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
    package let store: any Inbox
    package let logger: Logger
    package let now: @Sendable () -> Date
    /// The rules, evaluated at ingest: their actions are appended with the
    /// event, in one transaction, and the answer says how many rules matched
    /// (`"matched"`) and, for Slack, carries the first matching rule's
    /// `reply`. `nil`: the event is stored for the dispatcher, and the answer
    /// carries neither.
    package let mappings: MappingSet?
    /// Rule matches and errors by rule (`nil`: not counted).
    package let metrics: GatewayMetrics?
    /// Called once a new event's actions are in the outbox (wakes the deliveries).
    package let onDispatched: @Sendable () -> Void

    package init(
        source: any WebhookSource, store: any Inbox, logger: Logger, now: @escaping @Sendable () -> Date = { Date() },
        mappings: MappingSet? = nil, metrics: GatewayMetrics? = nil, onDispatched: @escaping @Sendable () -> Void = {}
    ) {
        self.source = source
        self.mappings = mappings
        self.metrics = metrics
        self.store = store
        self.logger = logger
        self.now = now
        self.onDispatched = onDispatched
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
        // Evaluated here, once (the rules are pure): the actions go into the
        // outbox with the event, and the answer can say how many rules
        // matched. The dispatcher evaluates an event again only if it was
        // stored without them; from the stored payload the result is the
        // same, since `RulesEvent` converts both alike.
        let evaluation = mappings?.evaluate(RulesEvent.event(inbound, keptHeaders: keptHeaders, received: received))
        let actions = evaluation.map { RuleReport.actions($0, source: event.source, deliveryID: event.deliveryID) }
        let reply = source.answersWithReply ? evaluation.map { IngestResponse.slackReply($0.reply) } : nil
        let matched = evaluation?.matchedRules
        let (logger, metrics, onDispatched) = (self.logger, self.metrics, self.onDispatched)
        store.append(event, actions: actions) { result in
            switch result {
            case .success(let appended):
                responder.respond(reply ?? IngestResponse.accepted(appended, matched: matched))
                logger.info(
                    appended.isDuplicate ? "Duplicate delivery: already stored" : "Event stored",
                    metadata: [
                        LogKey.source: "\(event.source)", LogKey.deliveryID: "\(event.deliveryID)",
                        LogKey.eventID: "\(appended.id)", "event": "\(event.name)",
                    ])
                // Stored without its actions (`.stored`): the dispatcher evaluates, logs and counts it.
                guard case .dispatched(let id) = appended, let evaluation else { return }
                RuleReport.record(
                    evaluation, eventID: id, source: event.source, deliveryID: event.deliveryID, logger: logger,
                    metrics: metrics)
                if !(actions?.isEmpty ?? true) { onDispatched() }
            case .failure(let error):
                logger.error(
                    "Event not stored",
                    metadata: [LogKey.source: "\(event.source)", LogKey.deliveryID: "\(event.deliveryID)", LogKey.error: "\(error)"])
                responder.respond(IngestResponse.storeFailed(error))
            }
        }
    }
}
