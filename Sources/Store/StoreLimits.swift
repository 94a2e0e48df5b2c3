/// Argument checks shared by every implementation, so they refuse the same inputs.
enum StoreLimits {
    /// The largest page a listing or claim returns.
    static let maxLimit = 10_000

    static func check(limit: Int) throws(StoreError) {
        guard limit > 0, limit <= maxLimit else {
            throw StoreError(.invalidArgument, "limit must be between 1 and \(maxLimit), got \(limit)")
        }
    }
}
