import Foundation
import HTTP
import JSON
import Rules
import Store
import Webhooks

/// The one conversion to the rules' `RuleEvent`, from each earlier stage of
/// an event (`ReceivedWebhook` at ingest and in `dry-run`/`test`,
/// `StoredEvent` in the dispatcher), so a mapping sees the same event in
/// production, after a recovery and offline.
package enum RuleEventConversion {
    /// The event of a stored delivery. Throws when the stored payload is not JSON.
    package static func event(_ stored: StoredEvent) throws(JSONParseError) -> RuleEvent {
        // A stored payload is a webhook body as sent: read with the same limits.
        let payload = try JSON(parsingLazily: stored.payload, limits: .webhookBody)
        return event(
            source: stored.source, name: stored.name, deliveryID: stored.deliveryID,
            receivedAt: stored.receivedAt, headers: stored.headers, payload: payload)
    }

    /// The event `inbound` would become once stored: the same kept headers
    /// (`IngestHeaders.kept`) and the receive time rounded to milliseconds.
    package static func event(_ inbound: ReceivedWebhook, requestHeaders: HTTPHeaders, received: Date) -> RuleEvent {
        event(inbound, keptHeaders: IngestHeaders.kept(requestHeaders), received: received)
    }

    /// The same, with the kept headers already computed (the ingest stores them too).
    package static func event(_ inbound: ReceivedWebhook, keptHeaders: [HeaderField], received: Date) -> RuleEvent {
        event(
            source: inbound.source, name: inbound.name, deliveryID: inbound.deliveryID,
            receivedAt: millis(received), headers: keptHeaders, payload: inbound.payload)
    }

    /// `date` in whole milliseconds, as the ingest handler stores it.
    package static func millis(_ date: Date) -> EpochMillis {
        EpochMillis((date.timeIntervalSince1970 * 1000).rounded())
    }

    static func event(
        source: String, name: String, deliveryID: String, receivedAt: EpochMillis, headers: [HeaderField], payload: JSON
    ) -> RuleEvent {
        RuleEvent(
            source: source, name: name, delivery: deliveryID,
            receivedAt: Date(timeIntervalSince1970: TimeInterval(receivedAt) / 1000),
            headers: EventHeaders(headers.map { ($0.name, $0.value) }), payload: payload)
    }
}
