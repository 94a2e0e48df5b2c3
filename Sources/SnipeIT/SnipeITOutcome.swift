/// What one Snipe-IT call came to. Every case but `success` says what the
/// caller should do next.
///
/// Snipe-IT answers most errors with HTTP 200 and `{"status":"error"}`, so
/// the cases come from the envelope's `status` first and the HTTP status
/// second; never from the (translated) text of `messages`, with one
/// documented exception in `rateLimited`.
public enum SnipeITOutcome<Value: Sendable>: Sendable {
    case success(Value)
    /// A look-up that found nothing (`bytag`, `byserial`, a status label by name).
    case notFound(SnipeITMessages)
    /// A 401, whatever its body: the token is missing, wrong, revoked or
    /// expired. Pause Snipe-IT deliveries until it is replaced; do not retry.
    case tokenRejected(message: String)
    /// Snipe-IT's rate limit was hit: wait `retryAfter`, then try again. The
    /// client's own bucket is already paused for that long, so its other
    /// callers wait too. `retryAfter` is the `Retry-After` header (seconds or
    /// an HTTP date) or 60 s (Snipe-IT's window) when the answer has none.
    /// Recognised as: HTTP 429 (any body); HTTP 405 whose envelope `messages`
    /// is `429` (versions before 5.4); HTTP 200 with the error envelope whose
    /// `messages` is a sentence containing "too many requests" or "too many
    /// attempts" (any case), or is `429`. The last is the one decision made on
    /// text: a false positive costs one 60 s wait and a retry, a false
    /// negative would drop the call as a client error.
    case rateLimited(retryAfter: Duration)
    /// A 5xx, a 408, a timeout or a transport failure: the retry policy decides.
    case retryable(SnipeITRetryableFailure)
    /// The request itself was refused: the 200 error envelope of a write (a
    /// validation failure, "Asset not found"), or another 4xx (403, 404
    /// endpoint not found, 405, 422). Retrying the same request cannot help.
    case clientError(status: Int, messages: SnipeITMessages)
    /// An answer the client cannot read: a redirect or an HTML page where
    /// JSON was expected, a body that is not JSON, or JSON of an unexpected
    /// shape. The text says precisely what came back. A write may have been
    /// applied: not blindly retryable.
    case invalidResponse(String)

    /// The value of a success, else `nil`.
    public var value: Value? {
        if case .success(let value) = self { return value }
        return nil
    }

    /// The same outcome with the success value transformed.
    public func map<T: Sendable>(_ transform: (Value) -> T) -> SnipeITOutcome<T> {
        flatMap { .success(transform($0)) }
    }

    /// The same outcome with the success value decoded; a decoding failure is `invalidResponse`.
    public func flatMap<T: Sendable>(_ transform: (Value) -> Result<T, SnipeITDecodingError>) -> SnipeITOutcome<T> {
        switch self {
        case .success(let value):
            switch transform(value) {
            case .success(let decoded): return .success(decoded)
            case .failure(let error): return .invalidResponse(error.description)
            }
        case .notFound(let messages): return .notFound(messages)
        case .tokenRejected(let message): return .tokenRejected(message: message)
        case .rateLimited(let wait): return .rateLimited(retryAfter: wait)
        case .retryable(let failure): return .retryable(failure)
        case .clientError(let status, let messages): return .clientError(status: status, messages: messages)
        case .invalidResponse(let message): return .invalidResponse(message)
        }
    }
}
