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
    /// Where the ingest's spans go (`nil`: traces are propagated, not exported).
    package let spans: (any SpanSink)?

    package init(
        source: any WebhookSource, store: any Inbox, logger: Logger, now: @escaping @Sendable () -> Date = { Date() },
        mappings: MappingSet? = nil, metrics: IngestMetrics.SourceMetrics? = nil, spans: (any SpanSink)? = nil,
        onDispatched: @escaping @Sendable () -> Void = {}
    ) {
        self.spans = spans
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
        /// To append; the rest is what the answer, the report and the spans need afterwards.
        case append(NewEvent, actions: [NewAction]?, evaluation: EvaluationResult?, reply: Action.Reply??, trace: Traced)
    }

    /// The request's trace, and the rule evaluation's span once it ran.
    package struct Traced: Sendable {
        package let trace: IngestTrace
        package let evaluation: Span?
    }

    /// The pure part of the ingest: verification, decoding, the rules.
    package func decide(_ request: HTTPRequest, received: Date, startNanos: UInt64 = Span.now()) -> Decision {
        let inbound: ReceivedWebhook
        do {
            inbound = try source.receive(request, now: received)
        } catch {
            return .answer(.refused(error))
        }
        if let immediate = inbound.immediateResponse { return .answer(.immediate(immediate)) }
        let sentHeaders = IngestHeaders.kept(request.headers)
        let trace = IngestTrace(headers: sentHeaders, startNanos: startNanos)
        let keptHeaders = trace.stored(sentHeaders)
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
        let evaluationStart = Span.now()
        let evaluation = mappings?.evaluate(RuleEventConversion.event(inbound, keptHeaders: keptHeaders, received: received))
        let actions = evaluation.map {
            RuleReport.actions($0, source: event.source, deliveryID: event.deliveryID, trace: trace.span)
        }
        let reply: Action.Reply?? = source.answersWithReply ? .some(evaluation?.reply) : nil
        // Built only when spans are exported: this is the hot path.
        let evaluationSpan = evaluation.flatMap { evaluation in
            spans == nil ? nil : trace.span(
                "rule evaluation", context: trace.span.child(), from: evaluationStart, to: Span.now(),
                attributes: [
                    ("rules.matched", "\(evaluation.matchedRules)"), ("actions", "\(evaluation.actions.count)"),
                ])
        }
        return .append(
            event, actions: actions, evaluation: evaluation, reply: reply,
            trace: Traced(trace: trace, evaluation: evaluationSpan))
    }

    package func handle(_ request: HTTPRequest, responder: HTTPResponder) {
        let started = ContinuousClock.now
        let startNanos = Span.now()
        let (logger, metrics, onDispatched, spans) = (self.logger, self.metrics, self.onDispatched, self.spans)
        let finish: @Sendable (IngestOutcome) -> Void = { outcome in
            responder.respond(outcome.response)
            metrics?.record(outcome, duration: ContinuousClock.now - started)
        }
        switch decide(request, received: now(), startNanos: startNanos) {
        case .answer(let outcome):
            if case .refused(let error) = outcome {
                logger.notice(
                    "Webhook refused",
                    metadata: [LogKey.source: "\(source.name)", "status": "\(error.status)", LogKey.error: "\(error.message)"])
            }
            finish(outcome)
        case .append(let event, let actions, let evaluation, let reply, let traced):
            let trace = traced.trace
            // Written once: every log line of this event carries it.
            let traceID = trace.span.traceID.hex
            if let spans, let span = traced.evaluation { spans.record(span) }
            let commitStart = Span.now()
            store.append(event, actions: actions) { result in
                if let spans {
                    let end = Span.now()
                    let failure: String? = if case .failure(let error) = result { "\(error)" } else { nil }
                    spans.record(
                        trace.span(
                            "store commit", context: trace.span.child(), from: commitStart, to: end,
                            attributes: [("actions", "\(actions?.count ?? 0)")], error: failure))
                    spans.record(
                        trace.span(
                            "ingest", context: trace.span, kind: .server, from: trace.startNanos, to: end,
                            attributes: [
                                ("webhook.source", event.source), ("webhook.delivery_id", event.deliveryID),
                                ("webhook.event", event.name),
                            ], error: failure))
                }
                switch result {
                case .success(let appended):
                    let accepted = IngestOutcome.Accepted(id: appended.id, matched: evaluation?.matchedRules, reply: reply)
                    finish(appended.isDuplicate ? .duplicate(accepted) : .stored(accepted))
                    logger.info(
                        appended.isDuplicate ? "Duplicate delivery: already stored" : "Event stored",
                        metadata: [
                            LogKey.source: "\(event.source)", LogKey.deliveryID: "\(event.deliveryID)",
                            LogKey.eventID: "\(appended.id)", "event": "\(event.name)",
                            LogKey.traceID: "\(traceID)",
                        ])
                    // Stored without its actions (`.stored`): the dispatcher evaluates, logs and counts it.
                    guard case .dispatched(let id) = appended, let evaluation else { return }
                    RuleReport.record(
                        evaluation, eventID: id, source: event.source, deliveryID: event.deliveryID,
                        traceID: traceID, logger: logger, metrics: metrics?.ingest)
                    if !(actions?.isEmpty ?? true) { onDispatched() }
                case .failure(let error):
                    logger.error(
                        "Event not stored",
                        metadata: [
                            LogKey.source: "\(event.source)", LogKey.deliveryID: "\(event.deliveryID)", LogKey.error: "\(error)",
                            LogKey.traceID: "\(traceID)",
                        ])
                    finish(.storeFailed(error))
                }
            }
        }
    }
}
