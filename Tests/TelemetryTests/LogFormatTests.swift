import Foundation
import Telemetry
import Testing

@Suite("Log formats")
struct LogFormatTests {
    @Test func jsonLineGolden() {
        let line = LogFormat.json.format(sampleRecord(metadata: ["delivery_id": "d-1", "action_id": "42"]))
        #expect(
            line
                == #"{"time":"2026-11-22T11:06:42.123Z","level":"info","message":"Delivered action","label":"sniffer_bridge.test","action_id":"42","delivery_id":"d-1"}"#
                + "\n")
    }

    @Test(arguments: [
        "plain", "quote \" and backslash \\", "new\nline\r\ttab", "control \u{0}\u{1}\u{1F}\u{7F}", "unicode é ✓ 🚀",
        "line sep \u{2028} para \u{2029}", "", "{\"json\":[1,2]}", "\\u0041 is not unescaped",
    ])
    func jsonLinesParseBackToTheSameStrings(text: String) throws {
        let record = sampleRecord(message: text, metadata: ["value": .string(text), text.isEmpty ? "empty" : "k": "v"])
        let line = LogFormat.json.format(record)
        #expect(line.hasSuffix("}\n"))
        #expect(line.dropLast().contains("\n") == false)
        let fields = try #require(parseJSONLine(line.dropLast()))
        #expect(fields["message"] == text)
        #expect(fields["value"] == text)
        #expect(fields["level"] == "info")
        #expect(fields["label"] == "sniffer_bridge.test")
        #expect(fields["time"] == "2026-11-22T11:06:42.123Z")
    }

    @Test func metadataCannotOverwriteTheFixedKeys() throws {
        let line = LogFormat.json.format(sampleRecord(metadata: ["level": "fake", "message": "fake", "time": "t", "label": "l"]))
        let fields = try #require(parseJSONLine(line.dropLast()))
        #expect(fields["level"] == "info")
        #expect(fields["message"] == "Delivered action")
        #expect(fields["metadata.level"] == "fake")
        #expect(fields["metadata.time"] == "t")
        #expect(fields.count == 8)
    }

    @Test func textLineGolden() {
        let line = LogFormat.text.format(
            sampleRecord(
                metadata: ["rule": "github-workflow-failed", "error": "HTTP 503: \"busy\"", "empty": "", "path": "a=b"],
                level: .warning))
        #expect(
            line
                == #"2026-11-22T11:06:42.123Z warning sniffer_bridge.test: Delivered action empty="" error="HTTP 503: \"busy\"" path="a=b" rule=github-workflow-failed"#
                + "\n")
    }

    @Test func textLinesStayOnOneLine() {
        let line = LogFormat.text.format(sampleRecord(message: "two\nlines\u{1B}[31m", metadata: ["v": "x\ny\\z"]))
        #expect(line == "2026-11-22T11:06:42.123Z info sniffer_bridge.test: two\\nlines\\x1b[31m v=\"x\\ny\\\\z\"\n")
    }

    @Test func streamHandlerWritesTheChosenFormat() {
        let sink = CaptureSink()
        let logger = Logger(label: "t", handler: StreamLogHandler(format: .text, sink: sink))
        logger.info("hello", metadata: ["a": "1"])
        #expect(sink.all.count == 1)
        #expect(sink.text.hasSuffix(" info t: hello a=1\n"))
        let inMemory = InMemoryLogHandler()
        Logger(label: "t", handler: inMemory).error("boom")
        #expect(inMemory.rendered(as: .json).contains(#""level":"error","message":"boom""#))
    }
}
