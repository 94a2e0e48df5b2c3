extension DeliveryOutcome {
    /// How a delivery attempt's span names its outcome.
    var spanName: String {
        switch self {
        case .done: "done"
        case .retryable: "retryable"
        case .storeFailed: "store_failed"
        case .permanent: "permanent"
        case .tokenRejected: "token_rejected"
        case .held: "held"
        }
    }
}
