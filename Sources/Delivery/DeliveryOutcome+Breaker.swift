extension DeliveryOutcome {
    /// What the outcome shows of the target, for its circuit breaker. Any
    /// answer (a success, a 4xx, even a refused token) shows it is up; only
    /// the retryable failures (no answer, a time-out, 5xx/408/425/429, an
    /// answer the client cannot read) count against it. A store failure or a coalescing hold says nothing.
    package var breakerResult: CircuitBreaker.CallResult {
        switch self {
        case .done, .permanent, .tokenRejected: .success
        case .retryable: .failure
        case .storeFailed, .held: .inconclusive
        }
    }

    /// The message of a failed attempt, for the breaker's log line when it opens.
    var failureMessage: String? {
        switch self {
        case .retryable(_, let message), .storeFailed(let message), .permanent(let message), .tokenRejected(let message):
            message
        case .done, .held: nil
        }
    }
}
