import Foundation
import Synchronization
import Telemetry

/// A sink that keeps every line it is given, for format tests.
final class CaptureSink: LogSink {
    private let lines = Mutex<[String]>([])
    func write(line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
    var text: String { all.joined() }
}

/// A temporary file opened for writing, read back whole; removed on deinit.
final class TemporaryLogFile {
    let path: String
    let descriptor: Int32

    init() throws {
        path = NSTemporaryDirectory() + "telemetry-\(UUID().uuidString).log"
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0o600)
        if descriptor < 0 { throw CocoaError(.fileWriteUnknown) }
    }

    func contents() throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
    }

    deinit {
        close(descriptor)
        unlink(path)
    }
}

/// Parses one JSON log line into a dictionary of strings, or nil.
func parseJSONLine(_ line: Substring) -> [String: String]? {
    guard let data = line.data(using: .utf8),
        let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    else { return nil }
    var result: [String: String] = [:]
    for (key, value) in object {
        guard let text = value as? String else { return nil }
        result[key] = text
    }
    return result
}

/// A fixed record for golden format tests.
func sampleRecord(message: String = "Delivered action", metadata: LogMetadata = [:], level: LogLevel = .info) -> LogRecord {
    // 2026-11-22T11:06:42.123Z
    LogRecord(
        time: LogTimestamp(millisecondsSinceEpoch: 1_795_345_602_123), level: level, message: message,
        label: "sniffer_bridge.test", metadata: metadata)
}
