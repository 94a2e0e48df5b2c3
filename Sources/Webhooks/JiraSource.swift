import Foundation
import HTTP
import JSON
import Telemetry

/// Jira Cloud webhooks (`POST /hooks/jira`).
///
/// - Verification: when secrets are configured, `X-Hub-Signature:
///   sha256=<hex HMAC-SHA256(secret, raw body)>` (admin webhooks created with
///   a secret; note: not `-256`) is required and checked against each secret.
///   With no secrets, requests are accepted unsigned only when the
///   configuration says `allowUnsigned` (Connect/OAuth webhooks are unsigned).
/// - Event name: the body's `webhookEvent` (`jira:issue_created`,
///   `jira:issue_updated`, `comment_created`, ...); required.
/// - Delivery id: `X-Atlassian-Webhook-Identifier` (unchanged across
///   retries); else derived: `<webhookEvent>:<timestamp>:<issue.id>` plus
///   `:<comment.id>` for comment events, with `-` for a missing part.
/// - Body: `application/json` object.
public struct JiraSource: WebhookSource {
    /// `[sources.jira]`: `secrets`, or explicitly `allow_unsigned = true`.
    public struct Configuration: Sendable {
        public let secrets: [Secret]
        public let allowUnsigned: Bool

        /// - Throws: when `secrets` is empty without `allowUnsigned`, or holds an empty string.
        public init(secrets: [Secret], allowUnsigned: Bool = false) throws(WebhookConfigurationError) {
            if secrets.isEmpty, !allowUnsigned {
                throw WebhookConfigurationError(
                    source: JiraSource.name,
                    message: "'secrets' is empty: configure the admin webhook's secret, or set allow_unsigned = true to accept unsigned requests"
                )
            }
            try WebhookConfigurationError.rejectEmpty(secrets, key: "secrets", source: JiraSource.name)
            self.secrets = secrets
            self.allowUnsigned = allowUnsigned
        }
    }

    /// The source's name: its config section `[sources.<name>]` and path `/hooks/<name>`.
    public static let name = "jira"
    /// `Self.name`.
    public var name: String { Self.name }
    /// The secrets or tokens requests are checked against.
    public let configuration: Configuration

    /// A source that checks requests against `configuration`.
    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    public func verify(_ request: HTTPRequest, now: Date) throws(WebhookError) {
        guard !configuration.secrets.isEmpty else { return }
        try HMACSignatureHeader.verify(
            request.header("X-Hub-Signature"), name: "X-Hub-Signature", body: request.body,
            secrets: configuration.secrets, missingHint: "create the Jira webhook with the configured secret")
    }

    public func decode(_ request: HTTPRequest) throws(WebhookError) -> ReceivedWebhook {
        try request.requireJSONBody(hint: "Jira sends application/json")
        let body = try request.jsonObjectBody()
        let payload = body.payload
        guard let event = payload["webhookEvent"]?.stringValue, !event.isEmpty else {
            throw .badRequest(
                PayloadField.problem("webhookEvent", payload["webhookEvent"], expected: "a non-empty string"))
        }
        if let id = request.header("X-Atlassian-Webhook-Identifier") {
            return ReceivedWebhook(source: Self.name, name: event, deliveryID: id, payload: payload, minifiedBody: body.minified)
        }
        return ReceivedWebhook(
            source: Self.name, name: event, deliveryID: Self.derivedDeliveryID(payload, event: event),
            deliveryIDIsDerived: true, payload: payload, minifiedBody: body.minified)
    }

    /// `<webhookEvent>:<timestamp>:<issue.id>[:<comment.id>]`, `-` for a missing part.
    static func derivedDeliveryID(_ payload: JSON, event: String) -> String {
        func text(_ value: JSON?) -> String {
            guard let value else { return "-" }
            return value.stringValue ?? value.intValue.map(String.init) ?? "-"
        }
        var id = "\(event):\(text(payload["timestamp"])):\(text(payload["issue"]?["id"]))"
        if let comment = payload["comment"] { id += ":\(text(comment["id"]))" }
        return id
    }
}
