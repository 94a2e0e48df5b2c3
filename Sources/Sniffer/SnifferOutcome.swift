import Outbound

/// What one Sniffer call came to. Every case but `success` says what the
/// caller should do next.
public enum SnifferOutcome<Value: Sendable>: Sendable {
    case success(Value)
    /// A 401: the token must be replaced (pause deliveries, do not retry).
    /// All five messages of the reference land here (see docs/OPERATIONS.md).
    case tokenRejected(message: String)
    /// A 409 the client could not resolve (on create it first looks the bug up).
    case conflict(SnifferAPIError)
    case notFound(SnifferAPIError)
    /// Any other 4xx: the request itself is wrong; retrying cannot help.
    case clientError(SnifferAPIError)
    /// A 408/425/429/5xx answer or a transport failure: the retry policy decides.
    case retryable(SnifferRetryableFailure)
    /// A 2xx whose body is not the reference's envelope or lacks a field the
    /// client needs. The request may have been applied: not blindly retryable.
    case invalidResponse(String)

    /// The value of a success, else `nil`.
    public var value: Value? {
        if case .success(let value) = self { return value }
        return nil
    }

    /// The same outcome with the success value transformed.
    public func map<T: Sendable>(_ transform: (Value) -> T) -> SnifferOutcome<T> {
        switch self {
        case .success(let value): return .success(transform(value))
        case .tokenRejected(let message): return .tokenRejected(message: message)
        case .conflict(let error): return .conflict(error)
        case .notFound(let error): return .notFound(error)
        case .clientError(let error): return .clientError(error)
        case .retryable(let failure): return .retryable(failure)
        case .invalidResponse(let message): return .invalidResponse(message)
        }
    }

    /// The same outcome with the success value decoded; a decoding failure is `invalidResponse`.
    public func flatMap<T: Sendable>(_ transform: (Value) -> Result<T, SnifferDecodingError>) -> SnifferOutcome<T> {
        switch self {
        case .success(let value):
            switch transform(value) {
            case .success(let decoded): return .success(decoded)
            case .failure(let error): return .invalidResponse(error.description)
            }
        case .tokenRejected(let message): return .tokenRejected(message: message)
        case .conflict(let error): return .conflict(error)
        case .notFound(let error): return .notFound(error)
        case .clientError(let error): return .clientError(error)
        case .retryable(let failure): return .retryable(failure)
        case .invalidResponse(let message): return .invalidResponse(message)
        }
    }
}

/// An error body in the reference's shape: `{"statusCode","message","error"}`.
public struct SnifferAPIError: Sendable, Equatable, CustomStringConvertible {
    public var statusCode: Int
    /// The server's message (a validation message list is joined with `; `).
    public var message: String
    /// The reason phrase, e.g. `Bad Request`.
    public var error: String

    public init(statusCode: Int, message: String, error: String) {
        self.statusCode = statusCode
        self.message = message
        self.error = error
    }

    public var description: String { "\(statusCode) \(error): \(message)" }
}

/// Why a call may succeed if tried again, with what the retry policy needs.
public struct SnifferRetryableFailure: Sendable, CustomStringConvertible {
    /// The HTTP status, or `nil` when no answer came (see `transportFailure`).
    public var status: Int?
    /// The raw `Retry-After` header (seconds or an HTTP date), if sent.
    public var retryAfter: String?
    /// The transport's classified failure when no answer came.
    public var transportFailure: TransportFailure?
    /// A human explanation; never contains the token.
    public var message: String

    public init(status: Int?, retryAfter: String? = nil, transportFailure: TransportFailure? = nil, message: String) {
        self.status = status
        self.retryAfter = retryAfter
        self.transportFailure = transportFailure
        self.message = message
    }

    public var description: String {
        if let transportFailure { return "transport \(transportFailure)" }
        return "\(status.map(String.init) ?? "-") \(message)" + (retryAfter.map { " (Retry-After: \($0))" } ?? "")
    }
}

/// A success body that does not decode into the expected type.
public struct SnifferDecodingError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

extension SnifferRetryableFailure {
    /// The failure as the retry policy reads it.
    public var retryOutcome: RetryPolicy.Outcome {
        if let status { return .response(status: status, retryAfter: retryAfter) }
        return .failure(transportFailure?.kind ?? .other)
    }
}
