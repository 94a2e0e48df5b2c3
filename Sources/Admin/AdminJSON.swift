import Foundation
import JSON
import Rules
import Store

/// How the admin API writes what the store holds: every time in epoch
/// milliseconds, every state by its name, ids as numbers.
enum AdminJSON {
    static func optional(_ value: Int64?) -> JSON { value.map { .int($0) } ?? .null }
    static func optional(_ value: String?) -> JSON { value.map { .string($0) } ?? .null }

    /// One event of a listing.
    static func event(_ event: EventSummary) -> JSON {
        [
            "id": .int(event.id), "source": .string(event.source), "delivery_id": .string(event.deliveryID),
            "name": .string(event.name), "received_at": .int(event.receivedAt), "state": .string(event.state.rawValue),
            "dispatched_at": optional(event.dispatchedAt), "actions": .int(Int64(event.actions)),
        ]
    }

    /// One event whole: its headers, its payload, its deliveries and the
    /// current mappings' explanation of it.
    static func event(_ event: StoredEvent, actions: [(OutboxAction, [DeliveryAttempt])], explanation: JSON) -> JSON {
        var object = JSONObject()
        object["id"] = .int(event.id)
        object["source"] = .string(event.source)
        object["delivery_id"] = .string(event.deliveryID)
        object["name"] = .string(event.name)
        object["received_at"] = .int(event.receivedAt)
        object["state"] = .string(event.state.rawValue)
        object["dispatched_at"] = optional(event.dispatchedAt)
        object["headers"] = .array(event.headers.map { ["name": .string($0.name), "value": .string($0.value)] })
        let (encoding, payload) = Self.payload(event.payload)
        object["payload_encoding"] = .string(encoding)
        object["payload"] = payload
        object["deliveries"] = .array(actions.map { action($0.0, attempts: $0.1) })
        object["explanation"] = explanation
        return .object(object)
    }

    /// The payload as JSON when it parses, as text when it is UTF-8, else base64.
    static func payload(_ bytes: [UInt8]) -> (encoding: String, value: JSON) {
        if let json = try? JSON(parsing: bytes) { return ("json", json) }
        if let text = String(validating: bytes, as: UTF8.self) { return ("text", .string(text)) }
        return ("base64", .string(Data(bytes).base64EncodedString()))
    }

    /// One delivery (outbox action), with what the store recorded of its attempts.
    static func action(_ action: OutboxAction) -> JSON {
        var object = JSONObject()
        object["id"] = .int(action.id)
        object["event_id"] = .int(action.eventID)
        object["sequence"] = .int(Int64(action.sequence))
        object["dedup_key"] = .string(action.dedupKey)
        object["kind"] = .string(action.kind)
        object["state"] = .string(action.state.rawValue)
        object["attempts"] = .int(Int64(action.attempts))
        object["created_at"] = .int(action.createdAt)
        object["first_attempt_at"] = optional(action.firstAttemptAt)
        object["next_attempt_at"] = action.state.isFinished ? .null : .int(action.nextAttemptAt)
        object["finished_at"] = optional(action.finishedAt)
        object["last_error"] = optional(action.lastError)
        object["result"] = optional(action.result)
        return .object(object)
    }

    /// A delivery with every attempt the store recorded and the target's answer to each.
    static func action(_ action: OutboxAction, attempts: [DeliveryAttempt]) -> JSON {
        guard case .object(var object) = Self.action(action) else { return Self.action(action) }
        object["attempt_history"] = .array(attempts.map { attempt in
            [
                "number": .int(Int64(attempt.number)), "at": .int(attempt.at), "outcome": .string(attempt.outcome.rawValue),
                "answer": optional(attempt.answer),
            ]
        })
        return .object(object)
    }

    /// One delivery whole: its attempts, the action the rules gave (as JSON), its event.
    static func action(_ action: OutboxAction, attempts: [DeliveryAttempt], event: StoredEvent?) -> JSON {
        guard case .object(var object) = Self.action(action, attempts: attempts) else { return Self.action(action) }
        object["action"] = (try? JSON(parsing: action.payload)) ?? .null
        object["event"] = event.map { event in
            [
                "id": .int(event.id), "source": .string(event.source), "delivery_id": .string(event.deliveryID),
                "name": .string(event.name), "received_at": .int(event.receivedAt),
            ]
        } ?? .null
        return .object(object)
    }

    /// `dry-run --explain` as JSON: every rule's fate and why, the actions, and the text lines.
    static func explanation(_ result: EvaluationResult) -> JSON {
        let rules: [JSON] = result.outcomes.map { outcome in
            var rule = JSONObject()
            rule["rule"] = .string(outcome.rule)
            rule["location"] = .string(outcome.location.description)
            switch outcome.status {
            case .matched(let count):
                rule["status"] = "matched"
                rule["actions"] = .int(Int64(count))
            case .skipped(let reason):
                rule["status"] = "skipped"
                rule["reasons"] = [.string(reason)]
            case .notMatched(let why):
                rule["status"] = "not_matched"
                rule["reasons"] = .array(why.map { .string($0) })
            case .failed(let message):
                rule["status"] = "failed"
                rule["reasons"] = [.string(message)]
            }
            return .object(rule)
        }
        return [
            "matched_rules": .int(Int64(result.matchedRules)), "rules": .array(rules), "actions": result.actionsJSON,
            "text": .array(ExplainReport.lines(result).map { .string($0) }),
        ]
    }

    /// An explanation that could not be computed (the payload is not JSON).
    static func unexplained(_ reason: String) -> JSON {
        ["matched_rules": 0, "rules": [], "actions": [], "text": [.string(reason)], "error": .string(reason)]
    }
}
