/// How a `StreamLogHandler` writes a record: one JSON object per line (the
/// default, for log pipelines) or one line of human text (`--log-format text`).
public enum LogFormat: String, Sendable, Hashable, CaseIterable {
    case json
    case text

    /// Parses a `--log-format` value (`json` or `text`), nil for anything else.
    public init?(name: String) {
        self.init(rawValue: name.lowercased())
    }

    /// The record as one line, ending in `\n`. Control characters in the
    /// message and values are escaped, so a record never spans two lines.
    public func format(_ record: LogRecord) -> String {
        switch self {
        case .json: LogFormat.jsonLine(record)
        case .text: LogFormat.textLine(record)
        }
    }
}
