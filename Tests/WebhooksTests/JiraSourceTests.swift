import Foundation
import HTTP
import JSON
import TestSupport
import Testing
import Webhooks
import Telemetry

@Suite struct JiraSourceTests {
    static let secret = "jira-secret-c0ffee"
    static let newSecret = "jira-secret-rotated-beef"
    let source: JiraSource

    init() throws {
        source = JiraSource(configuration: try .init(secrets: [Secret(Self.secret)]))
    }

    static func request(_ body: [UInt8], secret: String? = secret, identifier: String? = "wh-1") -> HTTPRequest {
        var headers: [(String, String)] = [("Content-Type", "application/json"), ("X-Atlassian-Webhook-Flow", "Primary")]
        if let secret { headers.append(("X-Hub-Signature", Kit.hubSignature(secret, body))) }
        // Jira sends the headers lower-cased; lookups are case-insensitive.
        if let identifier { headers.append(("x-atlassian-webhook-identifier", identifier)) }
        return Kit.request(headers, body: body)
    }

    static let fixtures: [(file: String, event: String, derivedID: String)] = [
        ("jira.comment_created.cloud.json", "comment_created", "comment_created:1550286678321:10040:10019"),
        ("jira.issue_created.json", "jira:issue_created", "jira:issue_created:1550286113023:10040"),
        ("jira.issue_deleted.json", "jira:issue_deleted", "jira:issue_deleted:1562177136176:10303"),
        ("jira.issue_updated.status_resolved.json", "jira:issue_updated", "jira:issue_updated:1550286940507:10040"),
        ("jira.issue_updated.status_todo_to_inprogress.json", "jira:issue_updated", "jira:issue_updated:1550286862039:10040"),
    ]

    @Test func everyFixtureIsCovered() throws {
        #expect(try Kit.fixtureNames("jira") == Set(Self.fixtures.map(\.file)))
    }

    @Test(arguments: fixtures)
    func signedFixtureDecodes(file: String, event: String, derivedID: String) throws {
        let body = try SharedFiles.fixture("jira/" + file)
        let inbound = try source.receive(Self.request(body, identifier: "id-" + file), now: Kit.now)
        #expect(inbound.source == "jira")
        #expect(inbound.name == event)
        #expect(inbound.deliveryID == "id-" + file)
        #expect(inbound.payload == (try Kit.json(body)))
        // Without the identifier header: the documented derivation.
        let derived = try source.decode(Self.request(body, identifier: nil))
        #expect(derived.deliveryID == derivedID)
        #expect(derived.deliveryIDIsDerived)
    }

    @Test func unsignedRequestIsRejectedWhenSecretsAreConfigured() {
        Kit.expect(Kit.failure { try source.verify(Self.request(Array("{}".utf8), secret: nil), now: Kit.now) },
                   status: 401, "missing X-Hub-Signature header")
    }

    @Test func wrongSecretAndTamperedBodyAreRejectedWithoutLeaking() throws {
        let body = try SharedFiles.fixture("jira/jira.issue_created.json")
        Kit.expect(Kit.failure { try source.verify(Self.request(body, secret: "wrong"), now: Kit.now) },
                   status: 401, "X-Hub-Signature does not match", secrets: [Self.secret, Kit.hmacHex(Self.secret, body)])
        var tampered = Self.request(body)
        tampered.body[10] ^= 1
        Kit.expect(Kit.failure { try source.verify(tampered, now: Kit.now) }, status: 401, "does not match",
                   secrets: [Self.secret, Kit.hmacHex(Self.secret, tampered.body)])
        // GitHub's header name is not Jira's.
        var renamed = Self.request(body)
        renamed.headers.remove("X-Hub-Signature")
        renamed.headers.add("X-Hub-Signature-256", Kit.hubSignature(Self.secret, body))
        Kit.expect(Kit.failure { try source.verify(renamed, now: Kit.now) }, status: 401, "missing X-Hub-Signature header")
    }

    @Test func secondSecretIsAcceptedDuringRotation() throws {
        let rotating = JiraSource(configuration: try .init(secrets: [Secret(Self.secret), Secret(Self.newSecret)]))
        try rotating.verify(Self.request(Array("{}".utf8), secret: Self.newSecret), now: Kit.now)
    }

    @Test func unsignedIsAcceptedOnlyWhenAllowedExplicitly() throws {
        let open = JiraSource(configuration: try .init(secrets: [], allowUnsigned: true))
        try open.verify(Self.request(Array("{}".utf8), secret: nil), now: Kit.now)
    }

    @Test func missingWebhookEventIs400() {
        Kit.expect(Kit.failure { try source.decode(Self.request(Array(#"{"timestamp":1}"#.utf8))) }, status: 400,
                   "field 'webhookEvent' is missing")
        Kit.expect(Kit.failure { try source.decode(Self.request(Array(#"{"webhookEvent":5}"#.utf8))) }, status: 400,
                   "field 'webhookEvent' is a number")
    }
}
