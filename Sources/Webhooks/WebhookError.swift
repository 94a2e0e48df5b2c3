import HTTP

/// Why a webhook request was refused, with the HTTP answer it gets
/// (`response()`, as for every `HTTPResponseError`).
///
/// Messages name the problem precisely (which header, which field) and never
/// contain a secret, a token or an expected digest. The answer is `status`
/// with `{"error": errorCode, "message": message}`.
public struct WebhookError: HTTPResponseError, Sendable, Equatable, CustomStringConvertible {
    /// The HTTP status: 401, 400 or 415.
    public let status: Int
    /// A short machine-readable code: `unauthorized`, `bad_request`, `unsupported_media_type`.
    public let errorCode: String
    /// What was wrong, in plain words.
    public let message: String

    private init(status: Int, code: String, message: String) {
        self.status = status
        self.errorCode = code
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

    public var description: String { "\(status) \(errorCode): \(message)" }
}
