import HTTP
import JSON
import Rules
import Store
import Webhooks

/// The answers of `POST /hooks/<source>`, built from values (no I/O).
package enum IngestResponse {
    /// 202 `{"id": N, "duplicate": false, "matched": M}` for a new event; 200
    /// with `"duplicate": true` for a redelivery (same source and delivery id).
    /// `matched` (when the rules were evaluated at ingest) counts the rules
    /// that want the event: 0 means it is stored and will produce no action.
    package static func accepted(id: Int64, duplicate: Bool, matched: Int? = nil) -> HTTPResponse {
        var body: JSONObject = ["id": .int(id), "duplicate": .bool(duplicate)]
        // A redelivery adds no action, so only a new event reports what matched.
        if let matched, !duplicate { body["matched"] = .int(Int64(matched)) }
        return json(duplicate ? 200 : 202, .object(body))
    }

    /// GitHub `ping`, Slack `ssl_check`: answered without storing anything.
    package static func immediate(_ immediate: ReceivedWebhook.ImmediateResponse) -> HTTPResponse {
        guard let body = immediate.body else { return HTTPResponse(status: immediate.status) }
        return json(immediate.status, body)
    }

    /// 503: the event is not on disk, so the sender must try again.
    package static func storeFailed(_ error: StoreError) -> HTTPResponse {
        let full = error.code == .noSpace
        let body: JSON = [
            "error": full ? "store_full" : "store_unavailable",
            "message": .string(full
                ? "the gateway's disk is full; the event was not stored; retry later"
                : "the event could not be stored; retry later"),
        ]
        var response = json(503, body)
        // A full disk needs a person or a prune to make room: no point retrying every second.
        response.headers.set("Retry-After", full ? "30" : "1")
        return response
    }

    /// 200 with Slack's message JSON (`response_type`, `text`), or an empty
    /// 200 (Slack then shows nothing) when no rule replied.
    package static func slackReply(_ reply: Action.Reply?) -> HTTPResponse {
        guard let reply else { return HTTPResponse(status: 200) }
        return json(200, ["response_type": .string(reply.visibility.rawValue), "text": .string(reply.text)])
    }

    static let contentType: HTTPHeaders = ["Content-Type": "application/json"]

    static func json(_ status: Int, _ body: JSON) -> HTTPResponse {
        HTTPResponse(status: status, headers: contentType, body: body.serializedBytes())
    }
}
