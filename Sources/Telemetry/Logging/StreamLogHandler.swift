/// The production handler: formats each record as a JSON line or a text line
/// and writes it to a sink (stderr by default), after the optional
/// `SecretScrubber` has replaced any configured secret with `***`.
public struct StreamLogHandler: LogHandler {
    public let format: LogFormat
    public let sink: any LogSink
    public let scrubber: SecretScrubber?

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
