/// The production handler: formats each record as a JSON line or a text line
/// and writes it to a sink (stderr by default), after the optional
/// `SecretScrubber` has replaced any configured secret with `***`.
public struct StreamLogHandler: LogHandler {
    /// JSON lines or text.
    public let format: LogFormat
    /// Where lines go.
    public let sink: any LogSink
    /// Replaces configured secret strings with `***` before formatting.
    public let scrubber: SecretScrubber?

    /// A handler writing `format` lines to `sink` (stderr by default).
    public init(format: LogFormat = .json, sink: any LogSink = FileDescriptorLogSink.standardError, scrubber: SecretScrubber? = nil) {
        self.format = format
        self.sink = sink
        self.scrubber = scrubber
    }

    public func log(_ record: LogRecord) {
        let clean = scrubber.map { $0.scrub(record) } ?? record
        sink.write(line: format.format(clean))
    }
}
