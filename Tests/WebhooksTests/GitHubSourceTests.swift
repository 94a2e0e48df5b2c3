import Foundation
import HTTP
import JSON
import TestSupport
import Testing
import Webhooks
import Telemetry

@Suite struct GitHubSourceTests {
    static let secret = "gh-test-secret-4f1c"
    static let newSecret = "gh-rotated-secret-9a2b"
    let source: GitHubSource

    init() throws {
        source = GitHubSource(configuration: try GitHubSource.Configuration(secrets: [Secret(Self.secret)]))
    }

    static func signed(
        _ body: [UInt8], event: String = "workflow_run", delivery: String? = "d-1", secret: String = secret,
        contentType: String = "application/json"
    ) -> HTTPRequest {
        var headers = [("Content-Type", contentType), ("X-GitHub-Event", event),
                       ("X-Hub-Signature-256", Kit.hubSignature(secret, body))]
        if let delivery { headers.append(("X-GitHub-Delivery", delivery)) }
        return Kit.request(headers, body: body)
    }

    /// Every file of fixtures/github and the event its delivery carries.
    static let fixtures: [(file: String, event: String)] = [
        ("check_suite.completed.success.json", "check_suite"),
        ("deployment_status.created.in_progress.gh-pages.json", "deployment_status"),
        ("deployment_status.created.success.json", "deployment_status"),
        ("deployment_status.failure.legacy-no-action.json", "deployment_status"),
        ("ping.organization.json", "ping"),
        ("ping.repo.json", "ping"),
        ("workflow_job.completed.failure.json", "workflow_job"),
        ("workflow_job.completed.success.json", "workflow_job"),
        ("workflow_run.completed.failure.json", "workflow_run"),
        ("workflow_run.completed.success.json", "workflow_run"),
        ("workflow_run.completed.success.with-pull-requests.json", "workflow_run"),
        ("workflow_run.requested.json", "workflow_run"),
    ]
    /// Not wire bodies: tested on their own below.
    static let special: Set = ["hmac-test-vector.payload.txt", "workflow_run.completed.failure.probot-envelope.json"]

    @Test func everyFixtureIsCovered() throws {
        #expect(try Kit.fixtureNames("github") == Set(Self.fixtures.map(\.file)).union(Self.special))
    }

    @Test(arguments: fixtures)
    func signedFixtureDecodes(file: String, event: String) throws {
        let body = try SharedFiles.fixture("github/" + file)
        let delivery = "delivery-" + file
        let inbound = try source.receive(Self.signed(body, event: event, delivery: delivery), now: Kit.now)
        #expect(inbound.source == "github")
        #expect(inbound.name == event)
        #expect(inbound.deliveryID == delivery)
        #expect(!inbound.deliveryIDIsDerived)
        #expect(inbound.payload == (try Kit.json(body)))
        #expect((inbound.immediateResponse != nil) == (event == "ping"))
        #expect(inbound.responseURL == nil)
    }

    @Test func probotEnvelopeGivesTheRealDeliveryOfTheFailedRun() throws {
        let envelope = try Kit.json(try SharedFiles.fixture("github/workflow_run.completed.failure.probot-envelope.json"))
        let name = try #require(envelope["name"]?.stringValue)
        let id = try #require(envelope["id"]?.stringValue)
        let body = try #require(envelope["payload"]).serializedBytes()
        let inbound = try source.receive(Self.signed(body, event: name, delivery: id), now: Kit.now)
        #expect(inbound.name == "workflow_run")
        #expect(inbound.deliveryID == "bfe22520-466a-11ed-8dae-4cb245a6a856")
        #expect(inbound.payload["workflow_run"]?["conclusion"] == "failure")
        #expect(inbound.payload == (try Kit.json(try SharedFiles.fixture("github/workflow_run.completed.failure.json"))))
    }

    @Test func officialVectorVerifies() throws {
        let body = try SharedFiles.fixture("github/hmac-test-vector.payload.txt")
        let vector = GitHubSource(configuration: try .init(secrets: [Secret("It's a Secret to Everybody")]))
        let request = Kit.request(
            [("X-Hub-Signature-256", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"),
             ("X-GitHub-Event", "push"), ("X-GitHub-Delivery", "v")], body: body)
        try vector.verify(request, now: Kit.now)
        // The vector's body is not JSON: decoding names that.
        Kit.expect(Kit.failure { try vector.decode(request) }, status: 400, "body is not valid JSON")
    }

    @Test func uppercaseHexSignatureIsAccepted() throws {
        let body = Array("{\"a\":1}".utf8)
        var request = Self.signed(body)
        request.headers.set("X-Hub-Signature-256", "sha256=" + Kit.hmacHex(Self.secret, body).uppercased())
        try source.verify(request, now: Kit.now)
    }

    @Test func pingIsAnsweredWithoutStoring() throws {
        let body = try SharedFiles.fixture("github/ping.repo.json")
        let inbound = try source.receive(Self.signed(body, event: "ping"), now: Kit.now)
        let response = try #require(inbound.immediateResponse)
        #expect(response.status == 200)
        #expect(response.body?["hook_id"] == inbound.payload["hook_id"])
        #expect(response.reason == "GitHub ping")
    }

    @Test func formEncodedBodyIsDecoded() throws {
        let json = try SharedFiles.fixture("github/workflow_run.completed.failure.json")
        let form = Array(("payload=" + Kit.formEncode(String(decoding: json, as: UTF8.self))).utf8)
        let request = Self.signed(form, contentType: "application/x-www-form-urlencoded")
        let inbound = try source.receive(request, now: Kit.now)
        #expect(inbound.payload == (try Kit.json(json)))
        // The signature covers the encoded bytes: signing the JSON instead fails.
        var wrong = request
        wrong.headers.set("X-Hub-Signature-256", Kit.hubSignature(Self.secret, json))
        Kit.expect(Kit.failure { try source.verify(wrong, now: Kit.now) }, status: 401, "does not match")
    }

    @Test func formEncodedBodyWithoutPayloadFieldIs400() {
        let request = Self.signed(Array("foo=bar".utf8), contentType: "application/x-www-form-urlencoded")
        Kit.expect(Kit.failure { try source.receive(request, now: Kit.now) }, status: 400, "no 'payload' field")
        let bad = Self.signed(Array("payload=%7".utf8), contentType: "application/x-www-form-urlencoded")
        Kit.expect(Kit.failure { try source.receive(bad, now: Kit.now) }, status: 400, "malformed percent-escape")
        let notJSON = Self.signed(Array("payload=%5B1%5D".utf8), contentType: "application/x-www-form-urlencoded")
        Kit.expect(
            Kit.failure { try source.receive(notJSON, now: Kit.now) }, status: 400,
            "form field 'payload' is a JSON array")
    }

    @Test func tamperedBodyIsRejected() {
        var request = Self.signed(Array("{\"action\":\"completed\"}".utf8))
        request.body = Array("{\"action\":\"completeD\"}".utf8)
        Kit.expect(
            Kit.failure { try source.verify(request, now: Kit.now) }, status: 401, "body was altered",
            secrets: [Self.secret, Kit.hmacHex(Self.secret, request.body)])
    }

    @Test func wrongSecretIsRejectedWithoutLeaking() {
        let body = Array("{}".utf8)
        let request = Self.signed(body, secret: "attacker-guess")
        Kit.expect(
            Kit.failure { try source.verify(request, now: Kit.now) }, status: 401,
            "X-Hub-Signature-256 does not match", secrets: [Self.secret, Kit.hmacHex(Self.secret, body)])
    }

    @Test func secondSecretIsAcceptedDuringRotation() throws {
        let rotating = GitHubSource(configuration: try .init(secrets: [Secret(Self.secret), Secret(Self.newSecret)]))
        let body = Array("{\"zen\":\"x\"}".utf8)
        try rotating.verify(Self.signed(body, secret: Self.newSecret), now: Kit.now)
        try rotating.verify(Self.signed(body, secret: Self.secret), now: Kit.now)
        Kit.expect(Kit.failure { try source.verify(Self.signed(body, secret: Self.newSecret), now: Kit.now) },
                   status: 401, "does not match", secrets: [Self.secret, Self.newSecret])
    }

    @Test func missingOrMalformedSignatureIs401() {
        var request = Self.signed(Array("{}".utf8))
        request.headers.remove("X-Hub-Signature-256")
        Kit.expect(Kit.failure { try source.verify(request, now: Kit.now) }, status: 401, "missing X-Hub-Signature-256")
        for value in ["sha1=abc", "sha256=xyz", "sha256=" + String(repeating: "a", count: 62), "757107ea"] {
            request.headers.set("X-Hub-Signature-256", value)
            Kit.expect(Kit.failure { try source.verify(request, now: Kit.now) }, status: 401, "malformed")
        }
    }

    @Test func missingEventOrDeliveryIs400() {
        let body = Array("{}".utf8)
        Kit.expect(Kit.failure { try source.decode(Self.signed(body, delivery: nil)) }, status: 400,
                   "missing X-GitHub-Delivery header")
        var request = Self.signed(body)
        request.headers.remove("X-GitHub-Event")
        Kit.expect(Kit.failure { try source.decode(request) }, status: 400, "missing X-GitHub-Event header")
    }

    @Test func wrongContentTypeIs415AndNonObjectBodyIs400() {
        Kit.expect(Kit.failure { try source.decode(Self.signed(Array("{}".utf8), contentType: "text/plain")) },
                   status: 415, "Content-Type text/plain is not accepted")
        Kit.expect(Kit.failure { try source.decode(Self.signed(Array("[1]".utf8))) }, status: 400,
                   "body is a JSON array: expected a JSON object")
        Kit.expect(Kit.failure { try source.decode(Self.signed([])) }, status: 400, "body is empty")
        Kit.expect(Kit.failure { try source.decode(Self.signed(Array("{\"a\":}".utf8))) }, status: 400,
                   "unexpected '}' at byte 5")
    }

    @Test func errorBodyIsJSONWithErrorAndMessage() throws {
        let error = try #require(Kit.failure { try source.decode(Self.signed([])) })
        let response = error.response()
        let body = try Kit.json(response.body)
        #expect(body == ["error": "bad_request", "message": .string(error.message)])
        #expect(response.status == 400)
        #expect(response.headers["content-type"] == "application/json")
    }

    @Test func pingResponseIsJSON() throws {
        let inbound = try source.decode(Self.signed(try SharedFiles.fixture("github/ping.organization.json"), event: "ping"))
        let response = try #require(inbound.immediateResponse).response
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(try Kit.json(response.body)["ok"] == true)
    }
}
