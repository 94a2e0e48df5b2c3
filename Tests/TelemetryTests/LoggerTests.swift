import Synchronization
import Telemetry
import Testing

@Suite("Logger")
struct LoggerTests {
    @Test func messagesBelowTheLevelAreNeverBuilt() {
        let handler = InMemoryLogHandler()
        let logger = Logger(label: "test", level: .warning, handler: handler)
        let built = Mutex(0)
        func expensive(_ text: String) -> String {
            built.withLock { $0 += 1 }
            return text
        }
        func expensiveMetadata() -> LogMetadata {
            built.withLock { $0 += 1 }
            return ["k": "v"]
        }
        logger.trace(expensive("trace"), metadata: expensiveMetadata())
        logger.debug(expensive("debug"), metadata: expensiveMetadata())
        logger.info(expensive("info"), metadata: expensiveMetadata())
        logger.notice(expensive("notice"))
        #expect(built.withLock { $0 } == 0)
        logger.warning(expensive("warning"))
        logger.error(expensive("error"), metadata: expensiveMetadata())
        logger.critical(expensive("critical"))
        #expect(built.withLock { $0 } == 4)
        #expect(handler.messages == ["warning", "error", "critical"])
        #expect(handler.records.map(\.level) == [.warning, .error, .critical])
    }

    @Test func everyLevelLogsAtTrace() {
        let handler = InMemoryLogHandler()
        let logger = Logger(label: "test", level: .trace, handler: handler)
        for level in LogLevel.allCases { logger.log(level: level, "at \(level)") }
        #expect(handler.records.map(\.level) == LogLevel.allCases)
        #expect(logger.isEnabled(.trace))
    }

    @Test func levelsAreOrderedAndParsed() {
        #expect(LogLevel.trace < .debug && LogLevel.debug < .info && LogLevel.info < .notice)
        #expect(LogLevel.notice < .warning && LogLevel.warning < .error && LogLevel.error < .critical)
        for level in LogLevel.allCases { #expect(LogLevel(name: level.name) == level) }
        #expect(LogLevel(name: "WARN") == .warning)
        #expect(LogLevel(name: "verbose") == nil)
        #expect(LogFormat(name: "TEXT") == .text)
        #expect(LogFormat(name: "yaml") == nil)
    }

    @Test func callMetadataMergesOverLoggerMetadata() throws {
        let handler = InMemoryLogHandler()
        var logger = Logger(label: "bridge.delivery", metadata: ["source": "github", "rule": "old"], handler: handler)
        logger[metadataKey: LogKey.eventID] = "ev-1"
        let scoped = logger.with([LogKey.deliveryID: "d-7"])
        scoped.info("Delivered action", metadata: [LogKey.rule: "github-workflow-failed", LogKey.actionID: "42"])
        let record = try #require(handler.records.first)
        #expect(record.label == "bridge.delivery")
        #expect(record.message == "Delivered action")
        #expect(
            record.metadata == [
                "source": "github", "rule": "github-workflow-failed", "event_id": "ev-1", "delivery_id": "d-7", "action_id": "42",
            ])
        #expect(logger.metadata[LogKey.deliveryID] == nil)
    }

    @Test func recordsCarryTheCallSite() throws {
        let handler = InMemoryLogHandler()
        Logger(label: "t", handler: handler).info("here")
        let record = try #require(handler.records.first)
        #expect(record.file.hasSuffix("LoggerTests.swift"))
        #expect(record.line > 0)
        handler.removeAll()
        #expect(handler.records.isEmpty)
    }

    @Test func timestampsAreRFC3339WithMilliseconds() {
        #expect(LogTimestamp(millisecondsSinceEpoch: 0).rfc3339 == "1970-01-01T00:00:00.000Z")
        #expect(LogTimestamp(millisecondsSinceEpoch: 1_795_345_602_123).rfc3339 == "2026-11-22T11:06:42.123Z")
        #expect(LogTimestamp(millisecondsSinceEpoch: 951_782_400_007).rfc3339 == "2000-02-29T00:00:00.007Z")
        #expect(LogTimestamp(millisecondsSinceEpoch: -1).rfc3339 == "1969-12-31T23:59:59.999Z")
        #expect(LogTimestamp(millisecondsSinceEpoch: 253_402_300_799_999).rfc3339 == "9999-12-31T23:59:59.999Z")
        #expect(LogTimestamp(millisecondsSinceEpoch: 253_402_300_800_000).rfc3339 == "1970-01-01T00:00:00.000Z")
        let now = LogTimestamp.now()
        #expect(now.millisecondsSinceEpoch > 1_700_000_000_000)
        #expect(now.rfc3339.utf8.count == 24)
    }
}
