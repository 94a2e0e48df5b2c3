/// One log message as a handler receives it: already past the level check,
/// with the logger's and the call's metadata merged (the call's win).
public struct LogRecord: Sendable, Hashable {
    /// When the message was logged.
    public var time: LogTimestamp
    /// How important it is.
    public var level: LogLevel
    /// The fixed message text; the data goes in `metadata`.
    public var message: String
    /// The logger's label, e.g. `sniffer_bridge.delivery`.
    public var label: String
    /// The logger's metadata merged with the call's.
    public var metadata: LogMetadata
    /// Where the call was made (`#fileID`), kept for handlers that want it.
    public var file: String
    public var line: UInt

    /// A record; `Logger` makes these, tests may too.
    public init(
        time: LogTimestamp, level: LogLevel, message: String, label: String, metadata: LogMetadata = [:],
        file: String = #fileID, line: UInt = #line
    ) {
        self.time = time
        self.level = level
        self.message = message
        self.label = label
        self.metadata = metadata
        self.file = file
        self.line = line
    }
}
