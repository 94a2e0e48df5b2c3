import Foundation
import HTTP
import JSON
import Telemetry

/// Slack slash commands (`POST /hooks/slack`).
///
/// - Verification: `X-Slack-Signature: v0=<hex HMAC-SHA256(signing secret,
///   "v0:{X-Slack-Request-Timestamp}:{raw body}")>` against each signing
///   secret; a timestamp more than 300 s from now (either way) is refused as
///   a replay. `ssl_check=1` requests (Slack's certificate probe) are
///   answered 200 without verification: nothing is stored for them.
/// - Body: `application/x-www-form-urlencoded`, decoded into a JSON object
///   whose values are all strings (`command`, `text`, `user_id`,
///   `response_url`, `trigger_id`, ...).
/// - Event name: the command without its `/` (`/bug` -> `bug`).
/// - Delivery id: `trigger_id`; without one (legacy commands), derived:
///   `sha256:<hex SHA-256 of "{timestamp}:{raw body}">`.
/// - `responseURL`: the `response_url` field (http or https), for delayed replies.
public struct SlackSource: WebhookSource {
    /// `[sources.slack]`: `signing_secrets`, at least one.
    public struct Configuration: Sendable {
        public let signingSecrets: [Secret]

        /// - Throws: when `signingSecrets` is empty or holds an empty string.
        public init(signingSecrets: [Secret]) throws(WebhookConfigurationError) {
            try WebhookConfigurationError.requireSecrets(
                signingSecrets, key: "signing_secrets", source: SlackSource.name)
            self.signingSecrets = signingSecrets
        }
    }

    /// The source's name: its config section `[sources.<name>]` and path `/hooks/<name>`.
    public static let name = "slack"
    /// `Self.name`.
    public var name: String { Self.name }
    /// A slash command's answer is the message the user sees.
    public var answersWithReply: Bool { true }
    /// The secrets or tokens requests are checked against.
    public let configuration: Configuration

    /// Replay window: 300 s, as Slack's SDKs use.
    public static let tolerance: TimeInterval = 300

    /// A source that checks requests against `configuration`.
    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    public func verify(_ request: HTTPRequest, now: Date) throws(WebhookError) {
        if Self.isSSLCheck(request) { return }
        guard let timestampText = request.header("X-Slack-Request-Timestamp") else {
            throw .unauthorized("missing X-Slack-Request-Timestamp header")
        }
        guard let signature = request.header("X-Slack-Signature") else {
            throw .unauthorized("missing X-Slack-Signature header")
        }
        guard let timestamp = Int64(timestampText) else {
            throw .unauthorized("X-Slack-Request-Timestamp is not an integer number of seconds")
        }
        try StandardWebhooksSignature.checkFreshness(timestamp, now: now, header: "X-Slack-Request-Timestamp")
        guard signature.hasPrefix("v0="), let digest = Hex.decode(signature.dropFirst(3)), digest.count == 32 else {
            throw .unauthorized("X-Slack-Signature is malformed: expected v0= followed by 64 hex digits")
        }
        let base = Array("v0:\(timestampText):".utf8) + request.body
        guard configuration.signingSecrets.containsHMAC(digest, of: base) else {
            throw .unauthorized(
                "X-Slack-Signature does not match under any configured signing secret (wrong secret, or the body was altered)")
        }
    }

    public func decode(_ request: HTTPRequest) throws(WebhookError) -> ReceivedWebhook {
        if let type = request.mediaType, type != "application/x-www-form-urlencoded" {
            throw .unsupportedMediaType(
                "Content-Type \(type) is not accepted: Slack sends slash commands as application/x-www-form-urlencoded")
        }
        let fields: [(name: String, value: String)]
        do {
            fields = try FormURLEncoded.decode(request.body)
        } catch {
            throw .badRequest("form-encoded body is malformed: \(error)")
        }
        var object = JSONObject()
        for field in fields where object[field.name] == nil { object[field.name] = .string(field.value) }
        let payload = JSON.object(object)

        if object["ssl_check"]?.stringValue == "1" {
            return ReceivedWebhook(
                source: Self.name, name: "ssl_check", deliveryID: "ssl_check", deliveryIDIsDerived: true,
                payload: payload, immediateResponse: .init(status: 200, body: nil, reason: "Slack ssl_check"))
        }
        guard let command = object["command"]?.stringValue else {
            throw .badRequest("form field 'command' is missing: the body is not a slash command")
        }
        let name = command.hasPrefix("/") ? String(command.dropFirst()) : command
        guard !name.isEmpty else { throw .badRequest("form field 'command' is empty") }

        var responseURL: String?
        if let url = object["response_url"]?.stringValue, !url.isEmpty {
            let lower = url.lowercased()
            guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else {
                throw .badRequest("form field 'response_url' is not an http(s) URL")
            }
            responseURL = url
        }
        if let trigger = object["trigger_id"]?.stringValue, !trigger.isEmpty {
            return ReceivedWebhook(
                source: Self.name, name: name, deliveryID: trigger, payload: payload, responseURL: responseURL)
        }
        let timestamp = request.header("X-Slack-Request-Timestamp") ?? ""
        let derived = "sha256:" + Digest.sha256Hex(Array("\(timestamp):".utf8) + request.body)
        return ReceivedWebhook(
            source: Self.name, name: name, deliveryID: derived, deliveryIDIsDerived: true, payload: payload,
            responseURL: responseURL)
    }

    /// `true` for Slack's `ssl_check=1` probe.
    static func isSSLCheck(_ request: HTTPRequest) -> Bool {
        guard request.mediaType == nil || request.isFormMediaType else { return false }
        return (try? FormURLEncoded.value(of: "ssl_check", in: request.body)) == "1"
    }
}
