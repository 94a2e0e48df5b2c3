import Synchronization

/// Keeps every record in memory, for tests: give each test its own handler
/// and assert on `records`. Scrubs with `scrubber` when one is given, like
/// the stream handler does.
public final class InMemoryLogHandler: LogHandler {
    private let storage = Mutex<[LogRecord]>([])
    /// Applied to each record before it is kept, when given.
    public let scrubber: SecretScrubber?

    /// An empty handler.
    public init(scrubber: SecretScrubber? = nil) {
        self.scrubber = scrubber
    }

    public func log(_ record: LogRecord) {
        let clean = scrubber.map { $0.scrub(record) } ?? record
        storage.withLock { $0.append(clean) }
    }

    /// Every record so far, oldest first.
    public var records: [LogRecord] { storage.withLock { $0 } }

    /// Every message so far, oldest first.
    public var messages: [String] { records.map(\.message) }

    /// The records formatted as `format` would write them, joined.
    public func rendered(as format: LogFormat) -> String {
        records.map(format.format).joined()
    }

    /// Forgets every record.
    public func removeAll() { storage.withLock { $0.removeAll() } }
}
