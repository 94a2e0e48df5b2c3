import Foundation
import HTTP
import JSON
import TestSupport
import Testing
import Webhooks
import Telemetry

@Suite struct GitLabSourceTests {
    static let token = "gl-token-7d3e"
    static let otherToken = "gl-token-rotated-11aa"
    /// A Standard Webhooks key: `whsec_` + base64 of 24 bytes.
    static let keyBytes: [UInt8] = Array(0..<24).map { UInt8($0 &* 7 &+ 3) }
    static let signingKey = "whsec_" + Data(keyBytes).base64EncodedString()

    let source: GitLabSource

    init() throws {
        source = GitLabSource(configuration: try .init(tokens: [Secret(Self.token)]))
    }

    static func request(
        _ body: [UInt8], event: String? = "Pipeline Hook", token: String? = token, extra: [(String, String)] = []
    ) -> HTTPRequest {
        var headers: [(String, String)] = [("Content-Type", "application/json")]
        if let event { headers.append(("X-Gitlab-Event", event)) }
        if let token { headers.append(("X-Gitlab-Token", token)) }
        return Kit.request(headers + extra, body: body)
    }

    /// `webhook-signature: v1,<base64>` over `{id}.{timestamp}.{body}` with `key`.
    static func standardSignature(id: String, timestamp: Int64, body: [UInt8], key: [UInt8] = keyBytes) -> String {
        let mac = Digest.hmacSHA256(key: key, message: Array("\(id).\(timestamp).".utf8) + body)
        return "v1," + Data(mac).base64EncodedString()
    }

    static let fixtures: [(file: String, event: String)] = [
        ("deployment_hook.failed.json", "Deployment Hook"),
        ("deployment_hook.success.go-gitlab-testdata.json", "Deployment Hook"),
        ("job_hook.failed.json", "Job Hook"),
        ("pipeline_hook.failed.json", "Pipeline Hook"),
        ("pipeline_hook.success.gitlab-com-2016.json", "Pipeline Hook"),
        ("pipeline_hook.success.go-gitlab-testdata.json", "Pipeline Hook"),
        ("pipeline_hook.success.nuecagram-edited.json", "Pipeline Hook"),
    ]

    @Test func everyFixtureIsCovered() throws {
        #expect(try Kit.fixtureNames("gitlab") == Set(Self.fixtures.map(\.file)))
    }

    @Test(arguments: fixtures)
    func fixtureWithTokenDecodes(file: String, event: String) throws {
        let body = try SharedFiles.fixture("gitlab/" + file)
        let key = "idem-" + file
        let inbound = try source.receive(
            Self.request(body, event: event, extra: [("Idempotency-Key", key), ("X-Gitlab-Event-UUID", "uuid-x")]),
            now: Kit.now)
        #expect(inbound.source == "gitlab")
        #expect(inbound.name == event)
        #expect(inbound.deliveryID == key)
        #expect(inbound.payload == (try Kit.json(body)))
        #expect(inbound.payload["object_kind"] != nil)
    }

    @Test func deliveryIDFallsBackToEventUUIDThenBodyHash() throws {
        let body = try SharedFiles.fixture("gitlab/pipeline_hook.failed.json")
        let byUUID = try source.decode(Self.request(body, extra: [("X-Gitlab-Event-UUID", "uuid-42")]))
        #expect(byUUID.deliveryID == "uuid-42")
        #expect(!byUUID.deliveryIDIsDerived)
        let derived = try source.decode(Self.request(body))
        #expect(derived.deliveryID == "sha256:" + Digest.sha256Hex(body))
        #expect(derived.deliveryIDIsDerived)
        let blank = try source.decode(Self.request(body, extra: [("Idempotency-Key", "  ")]))
        #expect(blank.deliveryIDIsDerived)
    }

    @Test func wrongOrMissingTokenIs401WithoutLeaking() {
        let body = Array("{}".utf8)
        Kit.expect(Kit.failure { try source.verify(Self.request(body, token: "nope"), now: Kit.now) },
                   status: 401, "X-Gitlab-Token does not match", secrets: [Self.token])
        Kit.expect(Kit.failure { try source.verify(Self.request(body, token: nil), now: Kit.now) },
                   status: 401, "missing X-Gitlab-Token header", secrets: [Self.token])
        // Same length, last character changed: compared byte by byte.
        let sameLength = String(Self.token.dropLast()) + "X"
        Kit.expect(Kit.failure { try source.verify(Self.request(body, token: sameLength), now: Kit.now) },
                   status: 401, "does not match", secrets: [Self.token])
        // A prefix of the real token is no match either.
        Kit.expect(Kit.failure { try source.verify(Self.request(body, token: String(Self.token.dropLast())), now: Kit.now) },
                   status: 401, "does not match", secrets: [Self.token])
    }

    @Test func secondTokenIsAcceptedDuringRotation() throws {
        let rotating = GitLabSource(configuration: try .init(tokens: [Secret(Self.token), Secret(Self.otherToken)]))
        try rotating.verify(Self.request([], token: Self.otherToken), now: Kit.now)
        try rotating.verify(Self.request([], token: Self.token), now: Kit.now)
    }

    @Test func standardWebhooksSignatureVerifies() throws {
        let signed = GitLabSource(configuration: try .init(tokens: [], signingKeys: [Secret(Self.signingKey)]))
        let body = try SharedFiles.fixture("gitlab/job_hook.failed.json")
        let id = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"
        let signature = Self.standardSignature(id: id, timestamp: Kit.nowSeconds, body: body)
        let headers = [("webhook-id", id), ("webhook-timestamp", String(Kit.nowSeconds)),
                       // Several signatures, space-separated: an unknown version and a wrong one are skipped.
                       ("webhook-signature", "v1a,abc v1,AAAA " + signature)]
        let inbound = try signed.receive(Self.request(body, event: "Job Hook", token: nil, extra: headers), now: Kit.now)
        #expect(inbound.deliveryID == id)
        #expect(inbound.name == "Job Hook")

        // Tampered body, stale and future timestamps, wrong key.
        var tampered = Self.request(body + [0x20], event: "Job Hook", token: nil, extra: headers)
        Kit.expect(Kit.failure { try signed.verify(tampered, now: Kit.now) }, status: 401,
                   "webhook-signature does not match", secrets: [Self.signingKey, signature])
        tampered.body = body
        try signed.verify(tampered, now: Kit.now.addingTimeInterval(300))
        Kit.expect(Kit.failure { try signed.verify(tampered, now: Kit.now.addingTimeInterval(301)) }, status: 401,
                   "webhook-timestamp is 301 s in the past")
        Kit.expect(Kit.failure { try signed.verify(tampered, now: Kit.now.addingTimeInterval(-400)) }, status: 401,
                   "webhook-timestamp is 400 s in the future")
        let otherKey = GitLabSource(configuration: try .init(
            tokens: [], signingKeys: [Secret("whsec_" + Data(repeating: 9, count: 32).base64EncodedString())]))
        Kit.expect(Kit.failure { try otherKey.verify(tampered, now: Kit.now) }, status: 401, "does not match")
    }

    @Test func standardWebhooksHeadersMissingPieces() throws {
        let signed = GitLabSource(configuration: try .init(tokens: [], signingKeys: [Secret(Self.signingKey)]))
        let body = Array("{}".utf8)
        let sig = Self.standardSignature(id: "m1", timestamp: Kit.nowSeconds, body: body)
        Kit.expect(Kit.failure { try signed.verify(Self.request(body, token: nil), now: Kit.now) },
                   status: 401, "missing webhook-signature header")
        let noID = Self.request(body, token: nil, extra: [("webhook-timestamp", "\(Kit.nowSeconds)"), ("webhook-signature", sig)])
        Kit.expect(Kit.failure { try signed.verify(noID, now: Kit.now) }, status: 401, "missing webhook-id")
        let noTS = Self.request(body, token: nil, extra: [("webhook-id", "m1"), ("webhook-signature", sig)])
        Kit.expect(Kit.failure { try signed.verify(noTS, now: Kit.now) }, status: 401, "missing webhook-timestamp")
        let badTS = Self.request(body, token: nil, extra: [("webhook-id", "m1"), ("webhook-timestamp", "soon"), ("webhook-signature", sig)])
        Kit.expect(Kit.failure { try signed.verify(badTS, now: Kit.now) }, status: 401, "not an integer")
        let noV1 = Self.request(body, token: nil, extra: [("webhook-id", "m1"), ("webhook-timestamp", "\(Kit.nowSeconds)"), ("webhook-signature", "v2,xyz")])
        Kit.expect(Kit.failure { try signed.verify(noV1, now: Kit.now) }, status: 401, "no v1,<base64> entry")
    }

    @Test func tokenAndSignatureMustBothBeValidWhenBothArePresent() throws {
        let both = GitLabSource(configuration: try .init(tokens: [Secret(Self.token)], signingKeys: [Secret(Self.signingKey)]))
        let body = Array("{\"object_kind\":\"pipeline\"}".utf8)
        let headers = [("webhook-id", "m2"), ("webhook-timestamp", "\(Kit.nowSeconds)"),
                       ("webhook-signature", Self.standardSignature(id: "m2", timestamp: Kit.nowSeconds, body: body))]
        try both.verify(Self.request(body, extra: headers), now: Kit.now)
        try both.verify(Self.request(body), now: Kit.now)  // token alone: the baseline
        try both.verify(Self.request(body, token: nil, extra: headers), now: Kit.now)  // signature alone
        Kit.expect(Kit.failure { try both.verify(Self.request(body, token: "bad", extra: headers), now: Kit.now) },
                   status: 401, "X-Gitlab-Token does not match")
        var badSignature = headers
        badSignature[2].1 = Self.standardSignature(id: "m2", timestamp: Kit.nowSeconds, body: body, key: [1, 2, 3])
        Kit.expect(Kit.failure { try both.verify(Self.request(body, extra: badSignature), now: Kit.now) },
                   status: 401, "webhook-signature does not match")
    }

    @Test func missingEventHeaderAndBadBodies() {
        Kit.expect(Kit.failure { try source.decode(Self.request(Array("{}".utf8), event: nil)) }, status: 400,
                   "missing X-Gitlab-Event header")
        Kit.expect(Kit.failure { try source.decode(Self.request(Array("nope".utf8))) }, status: 400,
                   "body is not valid JSON")
        var xml = Self.request(Array("<a/>".utf8))
        xml.headers.set("Content-Type", "application/xml")
        Kit.expect(Kit.failure { try source.decode(xml) }, status: 415, "GitLab sends application/json")
    }
}
