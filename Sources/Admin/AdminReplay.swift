import HTTP
import Ingest
import JSON
import Rules
import Store

/// A stored event seen through the mappings now loaded: its explanation
/// (what `dry-run --explain` prints) and its replay, a new event with the
/// same source, name, headers and payload under a delivery id of its own,
/// whose actions the current rules give. The key table still decides what
/// those actions do: a key that has its bug gets a comment, not a second bug.
enum AdminReplay {
    static func explain(_ stored: StoredEvent, mappings: MappingSet) -> JSON {
        do {
            let event = try RuleEventConversion.event(stored)
            return AdminJSON.explanation(mappings.evaluate(event, explain: true))
        } catch {
            return AdminJSON.unexplained("the stored payload is not JSON, so no rule can read it: \(error)")
        }
    }

    /// The delivery id of a replay of `stored` at `now`.
    static func deliveryID(of stored: StoredEvent, at now: EpochMillis) -> String {
        "\(stored.deliveryID)+replay-\(now)"
    }

    /// The new event and its actions; throws 409 when the payload cannot be evaluated.
    static func replay(
        _ stored: StoredEvent, mappings: MappingSet, now: EpochMillis
    ) throws(HTTPError) -> (event: NewEvent, actions: [NewAction], result: EvaluationResult) {
        var copy = stored
        copy.deliveryID = deliveryID(of: stored, at: now)
        copy.receivedAt = now
        let event: RuleEvent
        do { event = try RuleEventConversion.event(copy) } catch {
            throw HTTPError(.conflict, "event \(stored.id) cannot be replayed: its payload is not JSON (\(error))")
        }
        let result = mappings.evaluate(event)
        // The replay keeps the stored event's headers, and so its trace: its attempts join that trace.
        let actions = RuleReport.actions(
            result, source: copy.source, deliveryID: copy.deliveryID, trace: IngestTrace.context(in: copy.headers))
        let new = NewEvent(
            source: copy.source, deliveryID: copy.deliveryID, name: copy.name, receivedAt: now, headers: copy.headers,
            payload: copy.payload)
        return (new, actions, result)
    }
}
