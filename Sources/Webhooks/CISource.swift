import Foundation
import HTTP
import JSON
import Telemetry

/// Any CI system (`POST /hooks/ci`): one documented JSON shape a pipeline
/// step can send with `curl`.
///
/// Authentication: `Authorization: Bearer <token>`, compared in constant time
/// with every configured token.
///
/// Body (`Content-Type: application/json`), a JSON object:
///
/// | field | type | required | meaning |
/// |---|---|---|---|
/// | `pipeline` | string | yes | pipeline or workflow name, e.g. `deploy-api` |
/// | `status` | string | yes | `success`, `failure`, `error`, `cancelled`, `running`, `pending` or `skipped`; aliases `failed`→`failure`, `canceled`→`cancelled`, `passed`/`succeeded`→`success` (case-insensitive); the payload holds the normalised value |
/// | `url` | string | yes | `http(s)` link to the run |
/// | `run_id` | string or integer | no | the CI's run/build id (kept as a string) |
/// | `commit` | string | no | commit SHA |
/// | `branch` | string | no | branch or ref |
/// | `repository` | string | no | e.g. `org/api` |
/// | `environment` | string | no | deploy target, e.g. `production` |
/// | `job` | string | no | the failing job or step |
/// | `actor` | string | no | who triggered the run |
/// | `message` | string | no | a one-line summary |
/// | `log_excerpt` | string | no | the last lines of the log |
/// | `attempt` | integer ≥ 1 | no | retry attempt of the run |
///
/// A `null` optional field counts as absent; other members are kept in the
/// payload as sent (for custom rules).
///
/// Event name: the normalised `status` (`failure`, `success`, ...).
///
/// Delivery id: the `Idempotency-Key` header when sent; else derived,
/// `sha256:<hex>` of `pipeline`, `run_id` (or `url` without one), `job`,
/// `environment`, `attempt` and `status`, so re-sending the same report is
/// one delivery while another job, attempt or status is a new one.
///
/// A pipeline step reports a failure with:
///
///     curl -fsS -X POST "$BRIDGE_URL/hooks/ci" -H "Authorization: Bearer $CI_WEBHOOK_TOKEN" -H 'Content-Type: application/json' -d "{\"pipeline\":\"deploy-api\",\"status\":\"failure\",\"url\":\"$RUN_URL\",\"commit\":\"$COMMIT_SHA\",\"branch\":\"$BRANCH\"}"
public struct CISource: WebhookSource {
    /// `[sources.ci]`: `tokens`, at least one.
    public struct Configuration: Sendable {
        public let tokens: [Secret]

        /// - Throws: when `tokens` is empty or holds an empty string.
        public init(tokens: [Secret]) throws(WebhookConfigurationError) {
            try WebhookConfigurationError.requireSecrets(tokens, key: "tokens", source: CISource.name)
            self.tokens = tokens
        }
    }

    /// The source's name: its config section `[sources.<name>]` and path `/hooks/<name>`.
    public static let name = "ci"
    /// `Self.name`.
    public var name: String { Self.name }
    /// The secrets or tokens requests are checked against.
    public let configuration: Configuration

    /// The normalised status values, in documentation order.
    public static let statuses = ["success", "failure", "error", "cancelled", "running", "pending", "skipped"]
    static let statusAliases = ["failed": "failure", "canceled": "cancelled", "passed": "success", "succeeded": "success"]
    static let optionalStrings = [
        "commit", "branch", "repository", "environment", "job", "actor", "message", "log_excerpt",
    ]

    /// A source that checks requests against `configuration`.
    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    public func verify(_ request: HTTPRequest, now: Date) throws(WebhookError) {
        guard let authorization = request.header("Authorization") else {
            throw .unauthorized("missing Authorization header: send Authorization: Bearer <token>")
        }
        guard let token = BearerToken.parse(authorization) else {
            throw .unauthorized("Authorization is not a Bearer token: send Authorization: Bearer <token>")
        }
        guard configuration.tokens.containsToken(token) else {
            throw .unauthorized("the Bearer token does not match any configured token")
        }
    }

    public func decode(_ request: HTTPRequest) throws(WebhookError) -> ReceivedWebhook {
        try request.requireJSONBody(hint: "send -H 'Content-Type: application/json'")
        let body = try request.jsonObjectBody()
        var payload = body.payload.objectValue ?? JSONObject()
        let pipeline = try Self.requiredString("pipeline", in: payload)
        let rawStatus = try Self.requiredString("status", in: payload)
        let status = Self.statusAliases[rawStatus.lowercased()] ?? rawStatus.lowercased()
        guard Self.statuses.contains(status) else {
            throw .badRequest(
                "field 'status' is \"\(Self.clip(rawStatus))\": expected one of \(Self.statuses.joined(separator: ", "))")
        }
        // Whether the payload is still the body as sent (see `ReceivedWebhook.minifiedBody`).
        var unchanged = status == rawStatus
        payload["status"] = .string(status)
        let url = try Self.requiredString("url", in: payload)
        let lowerURL = url.lowercased()
        guard lowerURL.hasPrefix("http://") || lowerURL.hasPrefix("https://") else {
            throw .badRequest("field 'url' is \"\(Self.clip(url))\": expected an http:// or https:// link to the run")
        }
        for field in Self.optionalStrings {
            try Self.checkOptional(field, in: payload, expected: "a string") { $0.stringValue != nil }
        }
        try Self.checkOptional("run_id", in: payload, expected: "a string or an integer") {
            $0.stringValue != nil || $0.intValue != nil
        }
        try Self.checkOptional("attempt", in: payload, expected: "an integer ≥ 1") { ($0.intValue ?? 0) >= 1 }
        if let number = payload["run_id"]?.intValue {
            payload["run_id"] = .string(String(number))
            unchanged = false
        }

        var inbound: ReceivedWebhook
        if let key = request.header("Idempotency-Key") {
            inbound = ReceivedWebhook(source: Self.name, name: status, deliveryID: key, payload: .object(payload))
        } else {
            inbound = ReceivedWebhook(
                source: Self.name, name: status, deliveryID: Self.derivedDeliveryID(payload, pipeline: pipeline, url: url),
                deliveryIDIsDerived: true, payload: .object(payload))
        }
        inbound.minifiedBody = unchanged ? body.minified : nil
        return inbound
    }

    /// `sha256:<hex>` over the NUL-joined identifying fields (see the type's documentation).
    static func derivedDeliveryID(_ payload: JSONObject, pipeline: String, url: String) -> String {
        func text(_ key: String) -> String {
            guard let value = payload[key] else { return "" }
            return value.stringValue ?? value.intValue.map(String.init) ?? ""
        }
        let run = payload["run_id"]?.stringValue ?? url
        let parts = [pipeline, run, text("job"), text("environment"), text("attempt"), text("status")]
        return "sha256:" + Digest.sha256Hex(Array(parts.joined(separator: "\u{0}").utf8))
    }

    static func requiredString(_ field: String, in payload: JSONObject) throws(WebhookError) -> String {
        guard let value = payload[field], !value.isNull else {
            throw .badRequest("field '\(field)' is missing: it is required")
        }
        guard let text = value.stringValue else {
            throw .badRequest("field '\(field)' is \(PayloadField.describe(value)): expected a string")
        }
        guard !text.trimmedWhitespace().isEmpty else {
            throw .badRequest("field '\(field)' is empty: it is required")
        }
        return text
    }

    static func checkOptional(
        _ field: String, in payload: JSONObject, expected: String, _ isValid: (JSON) -> Bool
    ) throws(WebhookError) {
        guard let value = payload[field], !value.isNull, !isValid(value) else { return }
        let shown = value.stringValue.map { "\"\(clip($0))\"" } ?? PayloadField.describe(value)
        throw .badRequest("field '\(field)' is \(shown): expected \(expected)")
    }

    /// `text` cut to 60 characters for an error message.
    static func clip(_ text: String) -> String {
        text.count > 60 ? String(text.prefix(60)) + "…" : text
    }
}
