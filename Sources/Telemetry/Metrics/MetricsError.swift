/// Why a metric family could not be registered. Registration happens once at
/// start-up, so these are caught by the first test that builds the registry.
public struct MetricsError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: Sendable, Hashable {
        /// The family name does not match `[a-zA-Z_:][a-zA-Z0-9_:]*`.
        case invalidMetricName
        /// A label name does not match `[a-zA-Z_][a-zA-Z0-9_]*`, or starts with `__`.
        case invalidLabelName
        /// A label name appears twice.
        case duplicateLabelName
        /// `le` on a histogram (the exposition format uses it for buckets).
        case reservedLabelName
        /// A counter whose name does not end in `_total` (Prometheus convention).
        case counterNameWithoutTotal
        /// The name (or one of its series names, such as `_bucket`) is already
        /// registered with a different type, help, labels or buckets.
        case conflictingRegistration
        /// Histogram buckets that are empty, not finite, or not strictly increasing.
        case invalidBuckets
    }

    /// What kind of problem it is, for tests and callers that branch on it.
    public var code: Code
    /// A sentence naming the metric and what is wrong with it.
    public var message: String

    /// An error with its code and message.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
