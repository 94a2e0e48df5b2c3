import Outbound

/// Why a call may succeed if tried again (a 5xx, a 408, a timeout, no
/// answer at all), with what the retry policy needs.
public struct SnipeITRetryableFailure: Sendable, CustomStringConvertible {
    /// The HTTP status, or `nil` when no answer came (see `transportFailure`).
    public var status: Int?
    /// The transport's classified failure when no answer came.
    public var transportFailure: TransportFailure?
    /// A human explanation; never contains the token.
    public var message: String

    public init(status: Int?, transportFailure: TransportFailure? = nil, message: String) {
        self.status = status
        self.transportFailure = transportFailure
        self.message = message
    }

    public var description: String { message }

    /// The failure as the retry policy reads it.
    public var retryOutcome: RetryPolicy.Outcome {
        if let status { return .response(status: status, retryAfter: nil) }
        return .failure(transportFailure?.kind ?? .other)
    }
}
