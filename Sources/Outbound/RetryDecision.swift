/// What to do after a delivery attempt that did not succeed.
public enum RetryDecision: Sendable, Equatable {
    /// Try again after this delay.
    case retry(after: Duration)
    /// Stop: the action goes to the dead letters (or the caller reports it).
    case giveUp(GiveUpReason)

    /// Why a `RetryPolicy` stopped retrying.
    public enum GiveUpReason: Sendable, Equatable, CustomStringConvertible {
        /// The answer was final (2xx, 3xx, or a 4xx other than 408/425/429).
        case notRetryable(status: Int)
        /// `maxAttempts` attempts were made.
        case attemptsExhausted(attempts: Int)
        /// The next attempt would come later than `maxAge` after the first.
        case maxAgeExceeded

        public var description: String {
            switch self {
            case .notRetryable(let status): "status \(status) is not retryable"
            case .attemptsExhausted(let attempts): "gave up after \(attempts) attempts"
            case .maxAgeExceeded: "the next attempt would exceed the maximum age"
            }
        }
    }
}
