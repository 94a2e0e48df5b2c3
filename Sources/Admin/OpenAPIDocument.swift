import JSON

/// The admin API described in OpenAPI 3.1, served at
/// `/admin/api/v1/openapi.json`. Built in Swift, so it ships in the binary;
/// `AdminOpenAPITests` checks every route answers as it says, and that no
/// route is missing from it.
package enum OpenAPIDocument {
    package static let json: JSON = [
        "openapi": "3.1.0",
        "info": [
            "title": "sniffer-bridge admin API",
            "version": "1",
            "description": .string(
                "Events, deliveries, dead letters, replay, sources and targets of one gateway. Every operation needs "
                    + "Authorization: Bearer <token> with an [admin] token; writes need scope operate."),
        ],
        "servers": [["url": "/admin/api/v1"]],
        "security": [["bearer": []]],
        "paths": paths,
        "components": [
            "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]],
            "schemas": schemas,
        ],
    ]

    /// The document's bytes, serialized once.
    package static let bytes: [UInt8] = json.serializedBytes()

    // MARK: Paths

    static let paths: JSON = [
        "/events": [
            "get": operation(
                "listEvents", "Events, newest first, filtered and paged.",
                parameters: [
                    query("source", "Only this source's events (github, ci, ...)."),
                    query("state", "pending or dispatched.", enumeration: ["pending", "dispatched"]),
                    query("since", "Received at or after: epoch milliseconds or RFC 3339."),
                    query("until", "Received before: epoch milliseconds or RFC 3339."),
                    query("key", "Text one of the event's deliveries has in its dedup key."),
                ] + paging,
                responses: ok("EventList") + errors([400, 401, 503])),
        ],
        "/events/{id}": [
            "get": operation(
                "getEvent", "One event: headers, payload, deliveries, and the rules' explanation with the mappings now loaded.",
                parameters: [idParameter], responses: ok("Event") + errors([400, 401, 404, 503])),
        ],
        "/events/{id}/replay": [
            "post": operation(
                "replayEvent", "Replays the event through the current mappings as a new event; dedup keys still apply.",
                parameters: [idParameter], responses: ok("Replay", status: "201") + errors([400, 401, 403, 404, 409, 413, 503])),
        ],
        "/deliveries": [
            "get": operation(
                "listDeliveries", "Deliveries (outbox actions), newest first, filtered and paged.",
                parameters: [
                    query("state", "pending, in_flight, done, dead or dropped.", enumeration: ["pending", "in_flight", "done", "dead", "dropped"]),
                    query("source", "Only deliveries of this source's events."),
                    query("key", "Text the dedup key contains."),
                ] + paging,
                responses: ok("DeliveryList") + errors([400, 401, 503])),
        ],
        "/deliveries/retry": [
            "post": operation(
                "retryDeadDeliveries", "Every dead letter matching the filter goes back to pending; answers how many.",
                requestBody: "RetryFilter", responses: ok("RetryCount") + errors([400, 401, 403, 413, 503])),
        ],
        "/deliveries/{id}": [
            "get": operation(
                "getDelivery", "One delivery: its action, its attempts, its last error and result, its event.",
                parameters: [idParameter], responses: ok("DeliveryDetail") + errors([400, 401, 404, 503])),
        ],
        "/deliveries/{id}/retry": [
            "post": operation(
                "retryDelivery", "A dead, dropped or pending delivery is queued again, due now.",
                parameters: [idParameter], responses: ok("DeliveryDetail") + errors([400, 401, 403, 404, 409, 413, 503])),
        ],
        "/deliveries/{id}/drop": [
            "post": operation(
                "dropDelivery", "A pending or dead delivery is dropped for good.",
                parameters: [idParameter], responses: ok("DeliveryDetail") + errors([400, 401, 403, 404, 409, 413, 503])),
        ],
        "/sources": [
            "get": operation("listSources", "Every webhook source, enabled or not, with its counters.", responses: ok("SourceList") + errors([401])),
        ],
        "/targets": [
            "get": operation("listTargets", "Every delivery target with its breaker state and counters.", responses: ok("TargetList") + errors([401])),
        ],
        "/activity": [
            "get": operation(
                "getActivity", "Events received by source, and delivery attempts by action kind and outcome, since a time.",
                parameters: [query("since", "Epoch milliseconds or RFC 3339; default: an hour ago.")],
                responses: ok("Activity") + errors([400, 401, 503])),
        ],
        "/whoami": [
            "get": operation("whoAmI", "The token's name and scope (what the console shows and hides).", responses: ok("Caller") + errors([401])),
        ],
        "/openapi.json": [
            "get": [
                "operationId": "openAPI", "summary": "This document.", "security": [],
                "responses": ["200": ["description": "The OpenAPI 3.1 document.", "content": ["application/json": ["schema": ["type": "object"]]]]],
            ],
        ],
    ]

    static let idParameter: JSON = [
        "name": "id", "in": "path", "required": true, "schema": ["type": "integer", "minimum": 1],
    ]

    static let paging: [JSON] = [
        query("cursor", "The next_cursor of the page before."),
        ["name": "limit", "in": "query", "description": "Page size, 1 to 500 (default 50).", "schema": ["type": "integer", "minimum": 1, "maximum": 500]],
    ]

    static func query(_ name: String, _ description: String, enumeration: [String]? = nil) -> JSON {
        var schema: JSONObject = ["type": "string"]
        if let enumeration { schema["enum"] = .array(enumeration.map { .string($0) }) }
        return ["name": .string(name), "in": "query", "description": .string(description), "schema": .object(schema)]
    }

    static func operation(
        _ id: String, _ summary: String, parameters: [JSON] = [], requestBody: String? = nil, responses: [(String, JSON)]
    ) -> JSON {
        var object: JSONObject = ["operationId": .string(id), "summary": .string(summary)]
        if !parameters.isEmpty { object["parameters"] = .array(parameters) }
        if let requestBody {
            object["requestBody"] = ["required": false, "content": ["application/json": ["schema": ref(requestBody)]]]
        }
        object["responses"] = .object(JSONObject(responses))
        return .object(object)
    }

    static func ref(_ schema: String) -> JSON { ["$ref": .string("#/components/schemas/\(schema)")] }

    static func ok(_ schema: String, status: String = "200") -> [(String, JSON)] {
        [(status, ["description": "Success.", "content": ["application/json": ["schema": ref(schema)]]])]
    }

    static let errorDescriptions: [Int: String] = [
        400: "A bad id, query parameter or body; nothing changed.",
        401: "No token, or not an [admin] token (WWW-Authenticate: Bearer).",
        403: "The token's scope is read; this needs operate.",
        404: "No such event or delivery.",
        409: "The delivery's state does not allow it (done or in flight), or the event cannot be replayed.",
        413: "The body is larger than 64 KiB.",
        503: "The store did not answer.",
    ]

    static func errors(_ statuses: [Int]) -> [(String, JSON)] {
        statuses.map { status in
            (String(status), ["description": .string(errorDescriptions[status] ?? ""), "content": ["application/json": ["schema": ref("Error")]]])
        }
    }
}
