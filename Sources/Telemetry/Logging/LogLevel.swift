/// How important a log message is, from the chattiest (`trace`) to the most
/// severe (`critical`). A `Logger` drops every message below its level before
/// the message is even built.
public enum LogLevel: Int, Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
    /// Step-by-step detail, for chasing one problem.
    case trace
    /// Detail useful while developing or debugging.
    case debug
    /// Normal operation worth recording (started, reloaded). The default level.
    case info
    /// Normal but significant (a token about to expire).
    case notice
    /// Something went wrong and was handled (a retry, a rejected webhook).
    case warning
    /// An operation failed (a dead letter, a broken reload).
    case error
    /// The process cannot go on.
    case critical

    /// The lowercase name used in log lines and on the command line (`info`).
    public var name: String {
        switch self {
        case .trace: "trace"
        case .debug: "debug"
        case .info: "info"
        case .notice: "notice"
        case .warning: "warning"
        case .error: "error"
        case .critical: "critical"
        }
    }

    public var description: String { name }

    /// Parses a level name as given to `--log-level` (case-insensitive;
    /// `warn` is accepted for `warning`). Returns nil for anything else.
    public init?(name: String) {
        switch name.lowercased() {
        case "trace": self = .trace
        case "debug": self = .debug
        case "info": self = .info
        case "notice": self = .notice
        case "warning", "warn": self = .warning
        case "error": self = .error
        case "critical": self = .critical
        default: return nil
        }
    }

    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}
