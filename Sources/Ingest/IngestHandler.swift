import Foundation
import HTTP
import JSON
import Rules
import Store
import Telemetry
import Webhooks

/// `POST /hooks/<source>`: verify, decode, evaluate the rules, append the
/// event with its actions, and answer only once they are durable.
///
/// Runs on the listener's loop thread and never blocks it: the answer is sent
/// from the store's commit completion through the `HTTPResponder`. Every
/// request comes to one `IngestOutcome`, which makes the answer and is handed
/// to `observe` (the metrics).
package struct IngestHandler: HTTPHandler {
    package let source: any WebhookSource
    package let store: any Inbox
    package let logger: Logger
    package let now: @Sendable () -> Date
    /// The rules, evaluated at ingest: their actions are appended with the
    /// event, in one transaction, and the answer says how many rules matched
    /// (`"matched"`) and, for a source that answers with a reply, carries the
    /// first matching rule's `reply`. `nil`: the event is stored for the
    /// dispatcher, and the answer carries neither.
    package let mappings: MappingSet?
    /// Rule matches and errors by rule, and each outcome by source (`nil`: not counted).
    package let metrics: IngestMetrics.SourceMetrics?
    /// Called once a new event's actions are in the outbox (wakes the deliveries).
    package let onDispatched: @Sendable () -> Void

    package init(
        source: any WebhookSource, store: any Inbox, logger: Logger, now: @escaping @Sendable () -> Date = { Date() },
        mappings: MappingSet? = nil, metrics: IngestMetrics.SourceMetrics? = nil,
        onDispatched: @escaping @Sendable () -> Void = {}
    ) {
        self.source = source
        self.mappings = mappings
        self.metrics = metrics
        self.store = store
        self.logger = logger
        self.now = now
        self.onDispatched = onDispatched
    }

    /// What a request asks of the store, decided without I/O.
    package enum Decision {
        /// Answered at once (refused, or a ping).
        case answer(IngestOutcome)
        /// To append; the rest is what the answer and the report need afterwards.
        case append(NewEvent, actions: [NewAction]?, evaluation: EvaluationResult?, reply: Action.Reply??)
    }

    /// The pure part of the ingest: verification, decoding, the rules.
    package func decide(_ request: HTTPRequest, received: Date) -> Decision {
        let inbound: ReceivedWebhook
        do {
            inbound = try source.receive(request, now: received)
        } catch {
            return .answer(.refused(error))
        }
        if let immediate = inbound.immediateResponse { return .answer(.immediate(immediate)) }
        let keptHeaders = IngestHeaders.kept(request.headers)
        let event = NewEvent(
            source: inbound.source, deliveryID: inbound.deliveryID, name: inbound.name,
            receivedAt: RuleEventConversion.millis(received),
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
        // same, since `RuleEventConversion` converts both alike.
        let evaluation = mappings?.evaluate(RuleEventConversion.event(inbound, keptHeaders: keptHeaders, received: received))
        let actions = evaluation.map { RuleReport.actions($0, source: event.source, deliveryID: event.deliveryID) }
        let reply: Action.Reply?? = source.answersWithReply ? .some(evaluation?.reply) : nil
        return .append(event, actions: actions, evaluation: evaluation, reply: reply)
    }

    package func handle(_ request: HTTPRequest, responder: HTTPResponder) {
        let started = ContinuousClock.now
        let (logger, metrics, onDispatched) = (self.logger, self.metrics, self.onDispatched)
        let finish: @Sendable (IngestOutcome) -> Void = { outcome in
            responder.respond(outcome.response)
            metrics?.record(outcome, duration: ContinuousClock.now - started)
        }
        switch decide(request, received: now()) {
        case .answer(let outcome):
            if case .refused(let error) = outcome {
                logger.notice(
                    "Webhook refused",
                    metadata: [LogKey.source: "\(source.name)", "status": "\(error.status)", LogKey.error: "\(error.message)"])
            }
            finish(outcome)
        case .append(let event, let actions, let evaluation, let reply):
            store.append(event, actions: actions) { result in
                switch result {
                case .success(let appended):
                    let accepted = IngestOutcome.Accepted(id: appended.id, matched: evaluation?.matchedRules, reply: reply)
                    finish(appended.isDuplicate ? .duplicate(accepted) : .stored(accepted))
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
                        metrics: metrics?.ingest)
                    if !(actions?.isEmpty ?? true) { onDispatched() }
                case .failure(let error):
                    logger.error(
                        "Event not stored",
                        metadata: [
                            LogKey.source: "\(event.source)", LogKey.deliveryID: "\(event.deliveryID)", LogKey.error: "\(error)",
                        ])
                    finish(.storeFailed(error))
                }
            }
        }
    }
}
