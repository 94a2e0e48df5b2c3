/// One value in a log line's metadata: a plain string, or a `Secret` that is
/// always written as `***`.
///
/// String literals and interpolations build `.string` values, so call sites
/// read `["delivery_id": "\(id)"]`. Interpolating a `Secret` gives `***`.
public enum LogMetadataValue: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral,
    ExpressibleByStringInterpolation
{
    /// Written as is (escaped by the format).
    case string(String)
    /// Always written as `***`.
    case secret(Secret)

    public init(stringLiteral value: String) { self = .string(value) }

    public init(stringInterpolation: DefaultStringInterpolation) {
        self = .string(String(stringInterpolation: stringInterpolation))
    }

    /// The text written to the log: the string itself, or `***` for a secret.
    public var description: String {
        switch self {
        case .string(let value): value
        case .secret: Secret.redacted
        }
    }
}

/// A log line's metadata: keys to values. Keys are flat `snake_case` names;
/// see `LogKey` for the ones the bridge uses everywhere.
public typealias LogMetadata = [String: LogMetadataValue]

/// The metadata keys used across the bridge, so every log line names the same
/// thing the same way and a log query works for all of them.
public enum LogKey {
    /// The stored event's id.
    public static let eventID = "event_id"
    /// The sender's delivery id (`X-GitHub-Delivery`, ...).
    public static let deliveryID = "delivery_id"
    /// The mapping rule's name.
    public static let rule = "rule"
    /// The outbox action's id.
    public static let actionID = "action_id"
    /// The webhook source (`github`, `gitlab`, ...).
    public static let source = "source"
    /// An error's description.
    public static let error = "error"
    /// The delivery target (`sniffer`) an action goes to.
    public static let target = "target"
    /// The W3C trace id (32 hex digits) of the event or delivery a line is about.
    public static let traceID = "trace_id"
}
