import Dispatch
import Foundation
import Telemetry
import Testing

@Suite("Logging from many threads")
struct ConcurrentLoggingTests {
    @Test func everyLineIsWholeWhenManyThreadsLog() throws {
        let file = try TemporaryLogFile()
        let handler = StreamLogHandler(format: .json, sink: FileDescriptorLogSink(fileDescriptor: file.descriptor))
        let logger = Logger(label: "concurrency", handler: handler)
        let threads = 16
        let perThread = 250
        // Long, varied lines make torn writes visible if the lock or single write(2) were missing.
        let padding = String(repeating: "x", count: 700)
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            for index in 0..<perThread {
                logger.info("Line \(padding)", metadata: ["thread": "\(thread)", "index": "\(index)", "quote": "a\"b\nc"])
            }
        }
        let lines = try file.contents().split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.last == "")
        #expect(lines.count == threads * perThread + 1)
        var seen = Set<String>()
        for line in lines.dropLast() {
            let fields = try #require(parseJSONLine(line), "a torn or invalid line: \(line.prefix(80))")
            #expect(fields["message"] == "Line \(padding)")
            #expect(fields["quote"] == "a\"b\nc")
            seen.insert("\(fields["thread"] ?? "?")/\(fields["index"] ?? "?")")
        }
        #expect(seen.count == threads * perThread)
    }

    @Test func inMemoryHandlerKeepsEveryRecord() {
        let handler = InMemoryLogHandler()
        let logger = Logger(label: "t", handler: handler)
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for index in 0..<200 { logger.info("m", metadata: ["i": "\(thread)-\(index)"]) }
        }
        #expect(handler.records.count == 1600)
        #expect(Set(handler.records.compactMap { $0.metadata["i"]?.description }).count == 1600)
    }
}
