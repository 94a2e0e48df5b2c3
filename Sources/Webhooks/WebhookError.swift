import HTTP
import JSON

/// Why a webhook request was refused, with the HTTP answer it gets.
///
/// Messages name the problem precisely (which header, which field) and never
/// contain a secret, a token or an expected digest. The router answers with
/// `status` and `responseBody`: `{"error": code, "message": message}`.
public struct WebhookError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The HTTP status: 401, 400 or 415.
    public let status: Int
    /// A short machine-readable code: `unauthorized`, `bad_request`, `unsupported_media_type`.
    public let code: String
    /// What was wrong, in plain words.
    public let message: String

    private init(status: Int, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    /// 401: a missing, malformed, stale or wrong signature or token.
    public static func unauthorized(_ message: String) -> WebhookError {
        WebhookError(status: 401, code: "unauthorized", message: message)
    }

    /// 400: the request is not what the source sends (missing header, bad body).
    public static func badRequest(_ message: String) -> WebhookError {
        WebhookError(status: 400, code: "bad_request", message: message)
    }

    /// 415: a body in a content type the source's adapter does not read.
    public static func unsupportedMediaType(_ message: String) -> WebhookError {
        WebhookError(status: 415, code: "unsupported_media_type", message: message)
    }

    /// The error body: `{"error": code, "message": message}`.
    public var json: JSON {
        ["error": .string(code), "message": .string(message)]
    }

    /// `json`, serialized (UTF-8), for the HTTP response.
    public var responseBody: [UInt8] { json.serializedBytes() }

    /// The HTTP answer: `status`, `Content-Type: application/json`, `responseBody`.
    public var response: HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: responseBody)
    }

    public var description: String { "\(status) \(code): \(message)" }
}
