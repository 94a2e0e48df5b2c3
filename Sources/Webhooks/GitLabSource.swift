import Foundation
import HTTP
import JSON
import Telemetry

/// GitLab webhooks (`POST /hooks/gitlab`).
///
/// - Verification: `X-Gitlab-Token` (the secret token, sent as plain text)
///   compared in constant time with every configured token; and, when the
///   request carries `webhook-signature` and signing keys are configured, the
///   Standard Webhooks signature (`StandardWebhooksSignature`). Every
///   credential presented must be valid, and at least one must be.
/// - Event name: `X-Gitlab-Event` verbatim (`Pipeline Hook`, `Job Hook`,
///   `Deployment Hook`, older `Build Hook`); the body's `object_kind` stays in the payload.
/// - Delivery id, first present of: `Idempotency-Key` (17.4+, kept across
///   retries and "Resend request"), `webhook-id` (equal to it when signed),
///   `X-Gitlab-Event-UUID` (14.8+); else derived: `sha256:<hex SHA-256 of the
///   raw body>` (identical bodies are then treated as one delivery).
/// - Body: `application/json` object.
public struct GitLabSource: WebhookSource {
    /// `[sources.gitlab]`: `tokens` and/or `signing_keys` (`whsec_...`); at least one of them.
    public struct Configuration: Sendable {
        public let tokens: [Secret]
        let signature: StandardWebhooksSignature

        /// - Throws: when both lists are empty, an entry is empty, or a
        ///   signing key is not `whsec_<base64>`.
        public init(tokens: [Secret], signingKeys: [Secret] = []) throws(WebhookConfigurationError) {
            let source = GitLabSource.name
            guard !tokens.isEmpty || !signingKeys.isEmpty else {
                throw WebhookConfigurationError(
                    source: source, message: "'tokens' and 'signing_keys' are both empty: at least one is required")
            }
            try WebhookConfigurationError.rejectEmpty(tokens, key: "tokens", source: source)
            var keys: [StandardWebhooksSignature.Key] = []
            for (position, secret) in signingKeys.enumerated() {
                guard let key = StandardWebhooksSignature.Key(secret) else {
                    throw WebhookConfigurationError(
                        source: source, message: "'signing_keys' entry \(position + 1) is not whsec_<base64 key>")
                }
                keys.append(key)
            }
            self.tokens = tokens
            self.signature = StandardWebhooksSignature(keys: keys)
        }
    }

    /// The source's name: its config section `[sources.<name>]` and path `/hooks/<name>`.
    public static let name = "gitlab"
    /// `Self.name`.
    public var name: String { Self.name }
    /// The secrets or tokens requests are checked against.
    public let configuration: Configuration

    /// A source that checks requests against `configuration`.
    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    public func verify(_ request: HTTPRequest, now: Date) throws(WebhookError) {
        var authenticated = false
        let tokens = configuration.tokens
        if !tokens.isEmpty, let token = request.headers["X-Gitlab-Token"] {
            guard tokens.containsToken(token) else {
                throw .unauthorized("X-Gitlab-Token does not match any configured token")
            }
            authenticated = true
        }
        if !configuration.signature.keys.isEmpty, StandardWebhooksSignature.isPresent(in: request) {
            try configuration.signature.verify(request, now: now)
            authenticated = true
        }
        guard authenticated else {
            if !tokens.isEmpty {
                throw .unauthorized("missing X-Gitlab-Token header: set the secret token on the GitLab webhook")
            }
            throw .unauthorized("missing webhook-signature header: set the signing token on the GitLab webhook")
        }
    }

    public func decode(_ request: HTTPRequest) throws(WebhookError) -> ReceivedWebhook {
        let event = try request.requiredHeader("X-Gitlab-Event")
        try request.requireJSONBody(hint: "GitLab sends application/json")
        let body = try request.jsonObjectBody()
        let payload = body.payload
        if let id = request.header("Idempotency-Key") ?? request.header("webhook-id")
            ?? request.header("X-Gitlab-Event-UUID")
        {
            return ReceivedWebhook(source: Self.name, name: event, deliveryID: id, payload: payload, minifiedBody: body.minified)
        }
        return ReceivedWebhook(
            source: Self.name, name: event, deliveryID: "sha256:" + Digest.sha256Hex(request.body),
            deliveryIDIsDerived: true, payload: payload, minifiedBody: body.minified)
    }
}
