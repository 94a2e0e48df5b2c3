import Foundation
import Telemetry
import Testing

@Suite("Secrets never reach the log")
struct SecretRedactionTests {
    static let token = "sniffer_live_7f3a9c2e5b1d"
    static let webhookSecret = "gh-hook-secret-Q8z!"

    @Test func secretPrintsAsStarsEverywhere() {
        let secret = Secret(Self.token)
        #expect(secret.description == "***")
        #expect(secret.debugDescription == "***")
        #expect("\(secret)" == "***")
        #expect(String(describing: secret) == "***")
        #expect(String(reflecting: secret) == "***")
        var dumped = ""
        dump(secret, to: &dumped)
        #expect(!dumped.contains(Self.token))
        #expect(String(describing: [secret]) == "[***]")
        #expect(secret.reveal() == Self.token)
        #expect(secret == Secret(Self.token))
        #expect(secret != Secret(Self.token + "x"))
        #expect(secret != Secret("sniffer_live_7f3a9c2e5b1e"))
        #expect(LogMetadataValue.secret(secret).description == "***")
    }

    @Test func redactReplacesEveryOccurrence() {
        let secret = Secret(Self.token)
        #expect(secret.redact("token=\(Self.token)!") == "token=***!")
        #expect(secret.redact("\(Self.token)\(Self.token) é \(Self.token)") == "****** é ***")
        #expect(secret.redact("nothing here") == "nothing here")
        #expect(Secret("").redact("left alone") == "left alone")
        #expect(Secret("ü").redact("Müller") == "M***ller")
    }

    @Test(arguments: LogFormat.allCases)
    func aWholeLogHoldsNoConfiguredSecret(format: LogFormat) throws {
        let file = try TemporaryLogFile()
        let scrubber = SecretScrubber(secrets: [Self.token, Self.webhookSecret, ""])
        let handler = StreamLogHandler(format: format, sink: FileDescriptorLogSink(fileDescriptor: file.descriptor), scrubber: scrubber)
        let logger = Logger(label: "bridge", level: .trace, metadata: ["token": .secret(Secret(Self.token))], handler: handler)

        logger.info("Sniffer token loaded", metadata: ["value": .secret(Secret(Self.token))])
        logger.info("Token is \(Secret(Self.token))")
        // A raw secret that slipped into plain strings: the scrubber catches it.
        logger.error("Sniffer answered 401 for api-token: \(Self.token)", metadata: ["header": "api-token: \(Self.token)"])
        logger.warning("bad signature", metadata: ["expected": "sha256=\(Self.webhookSecret)", Self.webhookSecret: "key"])
        logger.debug("twice \(Self.webhookSecret)\(Self.webhookSecret) end")

        let log = try file.contents()
        #expect(log.split(separator: "\n").count == 5)
        #expect(!log.contains(Self.token))
        #expect(!log.contains(Self.webhookSecret))
        #expect(!log.contains("7f3a9c2e5b1d"))
        #expect(log.contains("api-token: ***"))
        #expect(log.contains("twice ****** end"))
        #expect(scrubber.count == 2)
    }

    @Test func shortSecretsAreCountedOnce() {
        #expect(SecretScrubber.minimumLength == 12)
        #expect(SecretScrubber.shortCount([]) == 0)
        #expect(SecretScrubber.shortCount(["", "t", "t", "abcdefghijk", "abcdefghijkl"]) == 2)
        #expect(SecretScrubber.shortCount(["ci-test-token", String(repeating: "é", count: 12)]) == 0)
        #expect(SecretScrubber.shortCount([String(repeating: "é", count: 6)]) == 1)  // characters, not bytes
    }

    @Test func scrubberReplacesLongestSecretsFirstAndCanBeReloaded() {
        let scrubber = SecretScrubber(secrets: ["abc", "abcdef"])
        #expect(scrubber.scrub("x abcdef y abc z") == "x *** y *** z")
        scrubber.replaceSecrets(["new-secret"])
        #expect(scrubber.scrub("abc new-secret") == "abc ***")
        let record = scrubber.scrub(sampleRecord(message: "m new-secret", metadata: ["k": "new-secret!", "s": .secret(Secret("x"))]))
        #expect(record.message == "m ***")
        #expect(record.metadata["k"] == "***!")
        #expect(record.metadata["s"] == .secret(Secret("x")))
    }

    @Test func inMemoryHandlerScrubsToo() {
        let handler = InMemoryLogHandler(scrubber: SecretScrubber(secrets: [Self.token]))
        Logger(label: "t", handler: handler).info("got \(Self.token)")
        #expect(handler.messages == ["got ***"])
    }
}
