import Foundation
import HTTP
import JSON
import Rules
import Store
import Webhooks

/// The one conversion from a decoded delivery to the rules' `Event`, shared
/// by the dispatcher (stored events) and by `dry-run`/`test` (decoded but
/// never stored), so a mapping checked offline sees what it sees in production.
package enum RulesEvent {
    /// The event of a stored delivery. Throws when the stored payload is not JSON.
    package static func event(_ stored: StoredEvent) throws(JSONParseError) -> Event {
        let payload = try JSON(parsingLazily: stored.payload)
        return event(
            source: stored.source, name: stored.name, deliveryID: stored.deliveryID,
            receivedAt: stored.receivedAt, headers: stored.headers, payload: payload)
    }

    /// The event `inbound` would become once stored: the same kept headers
    /// (`IngestHeaders.kept`) and the receive time rounded to milliseconds.
    package static func event(_ inbound: InboundEvent, requestHeaders: HTTPHeaders, received: Date) -> Event {
        event(inbound, keptHeaders: IngestHeaders.kept(requestHeaders), received: received)
    }

    /// The same, with the kept headers already computed (the ingest stores them too).
    package static func event(_ inbound: InboundEvent, keptHeaders: [HeaderField], received: Date) -> Event {
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
    ) -> Event {
        Event(
            source: source, name: name, delivery: deliveryID,
            receivedAt: Date(timeIntervalSince1970: TimeInterval(receivedAt) / 1000),
            headers: EventHeaders(headers.map { ($0.name, $0.value) }), payload: payload)
    }
}
