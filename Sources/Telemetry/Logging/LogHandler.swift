/// Where log records go. A `Logger` decides whether a message is logged (its
/// level) and what metadata it carries; the handler only writes the record.
///
/// Handlers are shared between threads and must be safe to call from any of
/// them. Shipped: `StreamLogHandler` (JSON lines or text on stderr),
/// `InMemoryLogHandler` (tests) and `NoOpLogHandler`.
public protocol LogHandler: Sendable {
    /// Writes one record.
    func log(_ record: LogRecord)
}

/// A handler that drops everything: the default for code under test that
/// does not look at its logs.
public struct NoOpLogHandler: LogHandler {
    public init() {}
    public func log(_ record: LogRecord) {}
}
