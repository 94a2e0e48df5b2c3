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
    /// The rules, read at ingest only for commands that expect an answer in
    /// the HTTP response (Slack: the first matching rule's `reply`).
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
        // Evaluated before the append (pure and fast), sent only once the event is durable.
        let reply = commandReply(inbound, headers: request.headers, received: received)
        let logger = self.logger
        let onStored = self.onStored
        store.append(event) { result in
            switch result {
            case .success(let appended):
                responder.respond(reply ?? IngestResponse.accepted(appended))
                if !appended.isDuplicate { onStored() }
            case .failure(let error):
                logger.error(
                    "Event not stored",
                    metadata: [LogKey.source: "\(event.source)", LogKey.deliveryID: "\(event.deliveryID)", LogKey.error: "\(error)"])
                responder.respond(IngestResponse.storeFailed(error))
            }
        }
    }

    /// A slash command's immediate answer: the `reply` of the rules (Slack
    /// waits 3 s for it), or an empty 200 when no rule replies. `nil` for
    /// deliveries that are not commands.
    func commandReply(_ inbound: InboundEvent, headers: HTTPHeaders, received: Date) -> HTTPResponse? {
        guard inbound.source == SlackSource.name, let mappings else { return nil }
        let result = mappings.evaluate(RulesEvent.event(inbound, requestHeaders: headers, received: received))
        return IngestResponse.slackReply(result.reply)
    }
}
