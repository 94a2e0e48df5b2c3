import Foundation
import HTTP
import JSON
import Telemetry

/// Jenkins Notification plugin (`POST /hooks/jenkins`).
///
/// - Verification: the plugin signs nothing, so a shared token is required,
///   from the first of these present: `X-Jenkins-Token: <token>`,
///   `Authorization: Bearer <token>`, `Authorization: Basic` (the password;
///   the plugin sends it when the endpoint URL has `user:token@`), or the
///   `token` query parameter (`/hooks/jenkins?token=...`; it then shows in
///   access logs, so prefer Basic auth).
/// - Body: the plugin's JSON format (`application/json`; the XML format is
///   refused with 415). Required: `name` (string), `build.number` (integer),
///   `build.phase` (string: `QUEUED`, `STARTED`, `COMPLETED`, `FINALIZED`).
/// - Event name: the phase lowercased (`finalized`, `completed`, ...).
///   A failed build is `finalized` with `build.status == "FAILURE"`.
/// - Delivery id (the plugin sends none): `<job>#<build.number>:<PHASE>`,
///   where `<job>` is the job's `url` (`job/folder/job/name/`, unique across
///   folders) when present, else `name`; e.g. `job/asgard/#18:COMPLETED`.
public struct JenkinsSource: WebhookSource {
    /// `[sources.jenkins]`: `tokens`, at least one.
    public struct Configuration: Sendable {
        public let tokens: [Secret]

        /// - Throws: when `tokens` is empty or holds an empty string.
        public init(tokens: [Secret]) throws(WebhookConfigurationError) {
            try WebhookConfigurationError.requireSecrets(tokens, key: "tokens", source: JenkinsSource.name)
            self.tokens = tokens
        }
    }

    /// The source's name: its config section `[sources.<name>]` and path `/hooks/<name>`.
    public static let name = "jenkins"
    /// `Self.name`.
    public var name: String { Self.name }
    /// The secrets or tokens requests are checked against.
    public let configuration: Configuration

    /// A source that checks requests against `configuration`.
    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    public func verify(_ request: HTTPRequest, now: Date) throws(WebhookError) {
        guard let (token, origin) = Self.presentedToken(request) else {
            throw .unauthorized(
                "missing token: send X-Jenkins-Token, Authorization: Bearer, Basic auth (user:token@ in the endpoint URL) or ?token="
            )
        }
        guard configuration.tokens.containsToken(token) else {
            throw .unauthorized("the token in \(origin) does not match any configured token")
        }
    }

    /// The token the request carries and where it was found, by the documented precedence.
    static func presentedToken(_ request: HTTPRequest) -> (token: String, origin: String)? {
        if let token = request.header("X-Jenkins-Token") { return (token, "X-Jenkins-Token") }
        if let authorization = request.header("Authorization") {
            if let token = BearerToken.parse(authorization) { return (token, "Authorization: Bearer") }
            if let password = BasicCredentials.password(authorization) { return (password, "Authorization: Basic") }
        }
        if let token = request.queryParameter("token"), !token.isEmpty { return (token, "the token query parameter") }
        return nil
    }

    public func decode(_ request: HTTPRequest) throws(WebhookError) -> ReceivedWebhook {
        if request.mediaType?.hasSuffix("xml") == true {
            throw .unsupportedMediaType(
                "the Notification plugin's XML format is not accepted: set the endpoint's Format to JSON")
        }
        try request.requireJSONBody(hint: "set the Notification endpoint's Format to JSON")
        let body = try request.jsonObjectBody()
        let payload = body.payload
        guard let name = payload["name"]?.stringValue, !name.isEmpty else {
            throw .badRequest(PayloadField.problem("name", payload["name"], expected: "a non-empty string"))
        }
        guard let build = payload["build"], case .object = build else {
            throw .badRequest(PayloadField.problem("build", payload["build"], expected: "an object"))
        }
        guard let number = build["number"]?.intValue else {
            throw .badRequest(PayloadField.problem("build.number", build["number"], expected: "an integer"))
        }
        guard let phase = build["phase"]?.stringValue, !phase.isEmpty else {
            throw .badRequest(PayloadField.problem("build.phase", build["phase"], expected: "a non-empty string"))
        }
        let job = payload["url"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? name
        return ReceivedWebhook(
            source: Self.name, name: phase.lowercased(), deliveryID: "\(job)#\(number):\(phase.uppercased())",
            deliveryIDIsDerived: true, payload: payload, minifiedBody: body.minified)
    }
}
