import Foundation
import HTTP
import JSON
import Telemetry

/// GitHub webhooks (`POST /hooks/github`).
///
/// - Verification: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, raw body)>`,
///   checked against every configured secret (so a secret can be rotated:
///   configure old and new, switch GitHub, drop the old).
/// - Event name: `X-GitHub-Event` (`workflow_run`, `deployment_status`, `ping`, ...).
/// - Delivery id: `X-GitHub-Delivery` (kept by GitHub on redelivery); required.
/// - Body: `application/json`, or `application/x-www-form-urlencoded` with the
///   JSON in the `payload` field. The signature covers the raw (encoded) body.
/// - `ping` (sent when the hook is created) is answered 200 at once and not stored.
public struct GitHubSource: WebhookSource {
    /// `[sources.github]`: `secrets`, at least one.
    public struct Configuration: Sendable {
        public let secrets: [Secret]

        /// - Throws: when `secrets` is empty or holds an empty string.
        public init(secrets: [Secret]) throws(WebhookConfigurationError) {
            try WebhookConfigurationError.requireSecrets(secrets, key: "secrets", source: GitHubSource.name)
            self.secrets = secrets
        }
    }

    /// The source's name: its config section `[sources.<name>]` and path `/hooks/<name>`.
    public static let name = "github"
    /// `Self.name`.
    public var name: String { Self.name }
    /// The secrets or tokens requests are checked against.
    public let configuration: Configuration

    /// A source that checks requests against `configuration`.
    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    public func verify(_ request: HTTPRequest, now: Date) throws(WebhookError) {
        try HMACSignatureHeader.verify(
            request.header("X-Hub-Signature-256"), name: "X-Hub-Signature-256", body: request.body,
            secrets: configuration.secrets, missingHint: "set a secret on the GitHub webhook")
    }

    public func decode(_ request: HTTPRequest) throws(WebhookError) -> ReceivedWebhook {
        let event = try request.requiredHeader("X-GitHub-Event")
        let delivery = try request.requiredHeader("X-GitHub-Delivery")
        let body = try Self.payload(of: request)
        let payload = body.payload
        var inbound = ReceivedWebhook(
            source: Self.name, name: event, deliveryID: delivery, payload: payload,
            minifiedBody: request.isFormMediaType ? nil : body.minified)
        if event == "ping" {
            var body: JSONObject = ["ok": true, "event": "ping"]
            if let hookID = payload["hook_id"] { body["hook_id"] = hookID }
            inbound.immediateResponse = .init(status: 200, body: .object(body), reason: "GitHub ping")
        }
        return inbound
    }

    /// The JSON payload of a JSON or form-encoded body.
    static func payload(of request: HTTPRequest) throws(WebhookError) -> JSONBody {
        if request.isFormMediaType {
            let field: String?
            do {
                field = try FormURLEncoded.value(of: "payload", in: request.body)
            } catch {
                throw .badRequest("form-encoded body is malformed: \(error)")
            }
            guard let field else {
                throw .badRequest("form-encoded body has no 'payload' field (GitHub sends the JSON there)")
            }
            return try JSONPayload.object(from: Array(field.utf8), what: "form field 'payload'")
        }
        try request.requireJSONBody(
            hint: "GitHub sends application/json or application/x-www-form-urlencoded")
        return try request.jsonObjectBody()
    }
}
