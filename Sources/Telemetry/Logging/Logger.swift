/// A logger: a label, a level, metadata attached to every line, and a handler.
///
/// Messages and metadata are `@autoclosure`s: below the level neither is
/// built. Keep the message fixed and put the data in metadata, so lines can
/// be counted and queried:
///
/// ```swift
/// logger.info("Delivered action", metadata: [LogKey.actionID: "\(action.id)", LogKey.rule: "\(rule)"])
/// ```
///
/// Libraries take a `Logger` as a parameter; only the executable makes one.
/// A `Secret` in metadata or interpolated into a message always prints `***`.
public struct Logger: Sendable {
    /// Names the component, e.g. `sniffer_bridge.http`.
    public var label: String
    /// Messages below this level are dropped without being built.
    public var logLevel: LogLevel
    /// Written with every line; a call's own metadata wins on the same key.
    public var metadata: LogMetadata
    /// Where records go.
    public var handler: any LogHandler

    /// A logger writing to `handler`; messages below `level` are dropped.
    public init(label: String, level: LogLevel = .info, metadata: LogMetadata = [:], handler: any LogHandler) {
        self.label = label
        self.logLevel = level
        self.metadata = metadata
        self.handler = handler
    }

    /// Reads or sets one metadata value attached to every line.
    public subscript(metadataKey key: String) -> LogMetadataValue? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// A copy with `extra` added to its metadata, for a scope such as one delivery.
    public func with(_ extra: LogMetadata) -> Logger {
        var copy = self
        copy.metadata.merge(extra) { _, new in new }
        return copy
    }

    /// True when a message at `level` would be written.
    @inlinable
    public func isEnabled(_ level: LogLevel) -> Bool { level >= logLevel }

    /// Logs `message` at `level`. Neither closure runs when `level` is below `logLevel`.
    public func log(
        level: LogLevel, _ message: @autoclosure () -> String, metadata: @autoclosure () -> LogMetadata? = nil,
        file: String = #fileID, line: UInt = #line
    ) {
        guard level >= logLevel else { return }
        var merged = self.metadata
        if let extra = metadata() {
            if merged.isEmpty { merged = extra } else { merged.merge(extra) { _, new in new } }
        }
        handler.log(
            LogRecord(
                time: .now(), level: level, message: message(), label: label, metadata: merged, file: file, line: line))
    }

    /// Logs at `.trace`.
    public func trace(
        _ message: @autoclosure () -> String, metadata: @autoclosure () -> LogMetadata? = nil,
        file: String = #fileID, line: UInt = #line
    ) { log(level: .trace, message(), metadata: metadata(), file: file, line: line) }

    /// Logs at `.debug`.
    public func debug(
        _ message: @autoclosure () -> String, metadata: @autoclosure () -> LogMetadata? = nil,
        file: String = #fileID, line: UInt = #line
    ) { log(level: .debug, message(), metadata: metadata(), file: file, line: line) }

    /// Logs at `.info`.
    public func info(
        _ message: @autoclosure () -> String, metadata: @autoclosure () -> LogMetadata? = nil,
        file: String = #fileID, line: UInt = #line
    ) { log(level: .info, message(), metadata: metadata(), file: file, line: line) }

    /// Logs at `.notice`.
    public func notice(
        _ message: @autoclosure () -> String, metadata: @autoclosure () -> LogMetadata? = nil,
        file: String = #fileID, line: UInt = #line
    ) { log(level: .notice, message(), metadata: metadata(), file: file, line: line) }

    /// Logs at `.warning`.
    public func warning(
        _ message: @autoclosure () -> String, metadata: @autoclosure () -> LogMetadata? = nil,
        file: String = #fileID, line: UInt = #line
    ) { log(level: .warning, message(), metadata: metadata(), file: file, line: line) }

    /// Logs at `.error`.
    public func error(
        _ message: @autoclosure () -> String, metadata: @autoclosure () -> LogMetadata? = nil,
        file: String = #fileID, line: UInt = #line
    ) { log(level: .error, message(), metadata: metadata(), file: file, line: line) }

    /// Logs at `.critical`.
    public func critical(
        _ message: @autoclosure () -> String, metadata: @autoclosure () -> LogMetadata? = nil,
        file: String = #fileID, line: UInt = #line
    ) { log(level: .critical, message(), metadata: metadata(), file: file, line: line) }
}
