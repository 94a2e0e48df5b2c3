import JSON

/// The document's `components.schemas`: what each answer's JSON holds.
extension OpenAPIDocument {
    static func object(_ properties: [(String, JSON)], required: [String]? = nil) -> JSON {
        [
            "type": "object", "properties": .object(JSONObject(properties)),
            "required": .array((required ?? properties.map(\.0)).map { .string($0) }),
        ]
    }

    static let integer: JSON = ["type": "integer"]
    static let string: JSON = ["type": "string"]
    static let nullableInteger: JSON = ["type": ["integer", "null"]]
    static let nullableString: JSON = ["type": ["string", "null"]]
    static func array(of schema: JSON) -> JSON { ["type": "array", "items": schema] }

    static let schemas: JSON = [
        "Error": object([("error", string), ("message", string)]),
        "EventSummary": object([
            ("id", integer), ("source", string), ("delivery_id", string), ("name", string), ("received_at", integer),
            ("state", ["type": "string", "enum": ["pending", "dispatched"]]), ("dispatched_at", nullableInteger), ("actions", integer),
        ]),
        "EventList": object([("events", array(of: ref("EventSummary"))), ("next_cursor", nullableString)]),
        "Event": object([
            ("id", integer), ("source", string), ("delivery_id", string), ("name", string), ("received_at", integer),
            ("state", string), ("dispatched_at", nullableInteger),
            ("headers", array(of: object([("name", string), ("value", string)]))),
            ("payload_encoding", ["type": "string", "enum": ["json", "text", "base64"]]),
            ("payload", ["description": "The payload as JSON, or as text or base64 per payload_encoding."]),
            ("deliveries", array(of: ref("DeliveryWithAttempts"))), ("explanation", ref("Explanation")),
        ]),
        "Explanation": object(
            [
                ("matched_rules", integer),
                ("rules", array(of: object(
                    [
                        ("rule", string), ("location", string),
                        ("status", ["type": "string", "enum": ["matched", "skipped", "not_matched", "failed"]]),
                        ("actions", integer), ("reasons", array(of: string)),
                    ], required: ["rule", "location", "status"]))),
                ("actions", array(of: ["type": "object"])), ("text", array(of: string)), ("error", string),
            ], required: ["matched_rules", "rules", "actions", "text"]),
        "Delivery": object([
            ("id", integer), ("event_id", integer), ("sequence", integer), ("dedup_key", string), ("kind", string),
            ("state", ["type": "string", "enum": ["pending", "in_flight", "done", "dead", "dropped"]]), ("attempts", integer),
            ("created_at", integer), ("first_attempt_at", nullableInteger), ("next_attempt_at", nullableInteger),
            ("finished_at", nullableInteger), ("last_error", nullableString), ("result", nullableString),
        ]),
        "Attempt": object([
            ("number", integer), ("at", integer), ("outcome", ["type": "string", "enum": ["done", "retry", "dead"]]),
            ("answer", ["type": ["string", "null"], "description": "The result (done) or the error (retry, dead)."]),
        ]),
        "DeliveryWithAttempts": [
            "allOf": [ref("Delivery"), object([("attempt_history", array(of: ref("Attempt")))])],
        ],
        "DeliveryDetail": [
            "allOf": [
                ref("DeliveryWithAttempts"),
                object([
                    ("action", ["type": ["object", "null"], "description": "The action the rules gave, as recorded."]),
                    ("event", ["type": ["object", "null"]]),
                ]),
            ],
        ],
        "DeliveryList": object([("deliveries", array(of: ref("Delivery"))), ("next_cursor", nullableString)]),
        "RetryFilter": object([("source", string), ("key", string)], required: []),
        "RetryCount": object([("retried", integer)]),
        "Activity": object([
            ("since", integer),
            ("events", ["type": "object", "additionalProperties": integer, "description": "Events received, by source."]),
            ("attempts", [
                "type": "object", "description": "Attempts by action kind, then outcome (done, retry, dead).",
                "additionalProperties": object([("done", integer), ("retry", integer), ("dead", integer)]),
            ]),
        ]),
        "Caller": object([("name", string), ("scope", ["type": "string", "enum": ["read", "operate"]])]),
        "Replay": object([
            ("event_id", integer), ("replay_of", integer), ("delivery_id", string),
            ("state", ["type": "string", "enum": ["pending", "dispatched"]]), ("matched_rules", integer), ("actions", integer),
        ]),
        "SourceList": object([
            ("sources", array(of: object([("name", string), ("enabled", ["type": "boolean"]), ("counters", ["type": "object"])]))),
        ]),
        "TargetList": object([
            ("targets", array(of: object([
                ("name", string), ("breaker", ["type": "string", "enum": ["closed", "half_open", "open", "disabled"]]),
                ("probe_at", nullableInteger), ("paused", ["type": "boolean"]), ("pause_reason", nullableString),
                ("counters", ["type": "object"]),
                ("last_hour", object([("done", integer), ("retry", integer), ("dead", integer)])),
            ]))),
        ]),
    ]
}
