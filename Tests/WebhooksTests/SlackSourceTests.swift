import Foundation
import HTTP
import JSON
import TestSupport
import Testing
import Webhooks
import Telemetry

@Suite struct SlackSourceTests {
    static let vectorSecret = "8f742231b10e8888abcd99yyyzzz85a5"
    static let secret = "slack-signing-secret-0a0b"
    static let newSecret = "slack-signing-secret-rotated-1c1d"
    let source: SlackSource

    init() throws {
        source = SlackSource(configuration: try .init(signingSecrets: [Secret(Self.secret)]))
    }

    static func request(
        _ body: [UInt8], secret: String = secret, timestamp: Int64 = Kit.nowSeconds,
        contentType: String = "application/x-www-form-urlencoded"
    ) -> HTTPRequest {
        Kit.request([("Content-Type", contentType), ("X-Slack-Request-Timestamp", String(timestamp)),
                     ("X-Slack-Signature", Kit.slackSignature(secret, timestamp: timestamp, body))], body: body)
    }

    /// The docs example's `key=value` lines as a wire body (percent-encoded, `&`-joined).
    static func legacyWireBody() throws -> [UInt8] {
        let text = String(decoding: try SharedFiles.fixture("slack/slash_command.legacy-docs-fields.txt"), as: UTF8.self)
        let pairs = text.split(separator: "\n").compactMap { line -> String? in
            let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { return nil }
            return Kit.formEncode(String(parts[0])) + "=" + Kit.formEncode(String(parts[1]))
        }
        return Array(pairs.joined(separator: "&").utf8)
    }

    @Test func everyFixtureIsCovered() throws {
        #expect(try Kit.fixtureNames("slack") == [
            "slash_command.signing-test-vector.body.txt", "slash_command.bolt-python-enterprise.body.txt",
            "slash_command.legacy-docs-fields.txt",
        ])
    }

    @Test func officialVectorVerifiesAndDecodes() throws {
        let body = try SharedFiles.fixture("slack/slash_command.signing-test-vector.body.txt")
        #expect(body.count == 362)
        let vector = SlackSource(configuration: try .init(signingSecrets: [Secret(Self.vectorSecret)]))
        let request = Kit.request(
            [("Content-Type", "application/x-www-form-urlencoded"), ("X-Slack-Request-Timestamp", "1531420618"),
             ("X-Slack-Signature", "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")],
            body: body)
        let inbound = try vector.receive(request, now: Kit.now)
        #expect(inbound.source == "slack")
        #expect(inbound.name == "webhook-collect")
        #expect(inbound.deliveryID == "398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c")
        #expect(inbound.payload["command"] == "/webhook-collect")
        #expect(inbound.payload["text"] == "")
        #expect(inbound.payload["user_name"] == "roadrunner")
        #expect(inbound.responseURL == "https://hooks.slack.com/commands/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN")
        #expect(inbound.immediateResponse == nil)
    }

    @Test func boltFixtureSignedWithTestSecretDecodes() throws {
        let body = try SharedFiles.fixture("slack/slash_command.bolt-python-enterprise.body.txt")
        let inbound = try source.receive(Self.request(body), now: Kit.now)
        #expect(inbound.name == "hello-world")
        #expect(inbound.deliveryID == "111.111.xxx")
        #expect(inbound.payload["enterprise_name"] == "Org Name")
        #expect(inbound.payload["text"] == "Hi")
        #expect(inbound.responseURL == "https://hooks.slack.com/commands/T111/111/xxxxx")
        // Every field is a string.
        #expect(inbound.payload.objectValue?.values.allSatisfy { $0.stringValue != nil } == true)
    }

    @Test func legacyFieldsWithoutTriggerIDGetDerivedID() throws {
        let body = try Self.legacyWireBody()
        let inbound = try source.receive(Self.request(body), now: Kit.now)
        #expect(inbound.name == "weather")
        #expect(inbound.payload["text"] == "94070")
        #expect(inbound.responseURL == "https://hooks.slack.com/commands/1234/5678")
        #expect(inbound.deliveryIDIsDerived)
        #expect(inbound.deliveryID == "sha256:" + Digest.sha256Hex(Array("\(Kit.nowSeconds):".utf8) + body))
        // The same body at another time is another invocation.
        let later = try source.decode(Self.request(body, timestamp: Kit.nowSeconds + 5))
        #expect(later.deliveryID != inbound.deliveryID)
    }

    @Test(arguments: [301, -301, 3600, -86400])
    func staleOrFutureTimestampIsRejected(offset: Int64) {
        let body = Array("command=%2Fbug&text=x&trigger_id=t".utf8)
        let request = Self.request(body, timestamp: Kit.nowSeconds - offset)
        let direction = offset > 0 ? "in the past" : "in the future"
        Kit.expect(Kit.failure { try source.verify(request, now: Kit.now) }, status: 401,
                   "X-Slack-Request-Timestamp is \(abs(offset)) s \(direction)", secrets: [Self.secret])
        Kit.expect(Kit.failure { try source.verify(request, now: Kit.now) }, status: 401, "replays")
    }

    @Test(arguments: [300, -300, 0])
    func timestampWithinWindowIsAccepted(offset: Int64) throws {
        let body = Array("command=%2Fbug&trigger_id=t".utf8)
        try source.verify(Self.request(body, timestamp: Kit.nowSeconds - offset), now: Kit.now)
    }

    @Test func wrongSecretTamperedBodyAndRotation() throws {
        let body = Array("command=%2Fbug&text=crash+on+login&trigger_id=t1".utf8)
        Kit.expect(Kit.failure { try source.verify(Self.request(body, secret: "guess"), now: Kit.now) },
                   status: 401, "X-Slack-Signature does not match", secrets: [Self.secret])
        var tampered = Self.request(body)
        tampered.body = Array("command=%2Fbug&text=crash+on+logout&trigger_id=t1".utf8)
        Kit.expect(Kit.failure { try source.verify(tampered, now: Kit.now) }, status: 401, "body was altered",
                   secrets: [Self.secret, Kit.slackSignature(Self.secret, timestamp: Kit.nowSeconds, tampered.body)])
        // The timestamp is signed too: moving it breaks the signature.
        var moved = Self.request(body)
        moved.headers.set("X-Slack-Request-Timestamp", String(Kit.nowSeconds + 1))
        Kit.expect(Kit.failure { try source.verify(moved, now: Kit.now) }, status: 401, "does not match")
        let rotating = SlackSource(configuration: try .init(signingSecrets: [Secret(Self.secret), Secret(Self.newSecret)]))
        try rotating.verify(Self.request(body, secret: Self.newSecret), now: Kit.now)
    }

    @Test func missingOrMalformedHeadersAre401() {
        let body = Array("command=%2Fbug".utf8)
        var request = Self.request(body)
        request.headers.remove("X-Slack-Signature")
        Kit.expect(Kit.failure { try source.verify(request, now: Kit.now) }, status: 401, "missing X-Slack-Signature")
        request = Self.request(body)
        request.headers.remove("X-Slack-Request-Timestamp")
        Kit.expect(Kit.failure { try source.verify(request, now: Kit.now) }, status: 401, "missing X-Slack-Request-Timestamp")
        request = Self.request(body)
        request.headers.set("X-Slack-Request-Timestamp", "yesterday")
        Kit.expect(Kit.failure { try source.verify(request, now: Kit.now) }, status: 401, "not an integer")
        request = Self.request(body)
        request.headers.set("X-Slack-Signature", "v1=abcd")
        Kit.expect(Kit.failure { try source.verify(request, now: Kit.now) }, status: 401, "malformed")
    }

    @Test func sslCheckIsAnsweredWithoutStoring() throws {
        let request = Kit.request([("Content-Type", "application/x-www-form-urlencoded")],
                                  body: Array("ssl_check=1&token=legacy".utf8))
        let inbound = try source.receive(request, now: Kit.now)
        #expect(inbound.name == "ssl_check")
        #expect(inbound.immediateResponse?.status == 200)
        #expect(inbound.immediateResponse?.body == nil)
        #expect(inbound.immediateResponse?.response.body == [])
        #expect(inbound.immediateResponse?.response.status == 200)
        // ssl_check=0 is an ordinary request and must be signed.
        let notCheck = Kit.request([("Content-Type", "application/x-www-form-urlencoded")],
                                   body: Array("ssl_check=0&command=%2Fbug".utf8))
        Kit.expect(Kit.failure { try source.verify(notCheck, now: Kit.now) }, status: 401, "missing X-Slack-Request-Timestamp")
    }

    @Test func badBodiesAre400Or415() {
        Kit.expect(Kit.failure { try source.decode(Self.request(Array("text=hi".utf8))) }, status: 400,
                   "form field 'command' is missing")
        Kit.expect(Kit.failure { try source.decode(Self.request(Array("command=%2F".utf8))) }, status: 400,
                   "form field 'command' is empty")
        Kit.expect(Kit.failure { try source.decode(Self.request(Array("command=%2Fbug&text=%E2%28".utf8))) }, status: 400,
                   "not valid UTF-8")
        Kit.expect(Kit.failure { try source.decode(Self.request(Array("command=%2Fbug&response_url=javascript%3Ax".utf8))) },
                   status: 400, "'response_url' is not an http(s) URL")
        Kit.expect(Kit.failure { try source.decode(Self.request(Array("{}".utf8), contentType: "application/json")) },
                   status: 415, "application/x-www-form-urlencoded")
    }
}
