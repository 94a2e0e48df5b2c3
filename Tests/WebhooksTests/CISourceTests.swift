import Foundation
import HTTP
import JSON
import Testing
import Webhooks
import Telemetry

@Suite struct CISourceTests {
    static let token = "ci-token-8b8b"
    let source: CISource

    init() throws {
        source = CISource(configuration: try .init(tokens: [Secret(Self.token)]))
    }

    static func request(_ body: String, headers: [(String, String)] = []) -> HTTPRequest {
        Kit.request([("Content-Type", "application/json"), ("Authorization", "Bearer " + token)] + headers,
                    body: Array(body.utf8))
    }

    static let full = """
        {"pipeline":"deploy-api","status":"failure","url":"https://ci.example.com/runs/42","run_id":42,
         "commit":"c6d86dc6","branch":"main","repository":"org/api","environment":"production","job":"deploy",
         "actor":"alice","message":"deploy failed","log_excerpt":"Error: connection refused\\nexit 1","attempt":2,
         "custom":{"team":"payments"}}
        """

    @Test func fullShapeDecodes() throws {
        let inbound = try source.receive(Self.request(Self.full), now: Kit.now)
        #expect(inbound.source == "ci")
        #expect(inbound.name == "failure")
        #expect(inbound.deliveryIDIsDerived)
        #expect(inbound.deliveryID.hasPrefix("sha256:"))
        #expect(inbound.payload["run_id"] == "42")  // integers are kept as strings
        #expect(inbound.payload["log_excerpt"] == "Error: connection refused\nexit 1")
        #expect(inbound.payload["custom"]?["team"] == "payments")  // unknown members are kept
        #expect(inbound.payload["attempt"] == 2)
    }

    @Test func minimalShapeDecodesAndStatusAliasesNormalise() throws {
        for (sent, normalised) in [("failed", "failure"), ("FAILURE", "failure"), ("canceled", "cancelled"),
                                   ("passed", "success"), ("succeeded", "success"), ("running", "running")] {
            let inbound = try source.decode(Self.request(
                #"{"pipeline":"p","status":"\#(sent)","url":"http://ci/1"}"#))
            #expect(inbound.name == normalised)
            #expect(inbound.payload["status"]?.stringValue == normalised)
        }
    }

    @Test func idempotencyKeyIsTheDeliveryID() throws {
        let inbound = try source.decode(Self.request(Self.full, headers: [("Idempotency-Key", "run-42-deploy")]))
        #expect(inbound.deliveryID == "run-42-deploy")
        #expect(!inbound.deliveryIDIsDerived)
    }

    @Test func derivedIDIsStableAndSeparatesJobsAttemptsAndStatuses() throws {
        func id(_ body: String) throws -> String { try source.decode(Self.request(body)).deliveryID }
        let base = #"{"pipeline":"p","status":"failure","url":"https://ci/runs/1""#
        let plain = try id(base + "}")
        #expect(try id(base + #","commit":"other"}"#) == plain)  // the same report re-sent
        #expect(try id(base + #","job":"lint"}"#) != plain)
        #expect(try id(base + #","attempt":2}"#) != plain)
        #expect(try id(base + #","environment":"prod"}"#) != plain)
        #expect(try id(#"{"pipeline":"p","status":"success","url":"https://ci/runs/1"}"#) != plain)
        #expect(try id(#"{"pipeline":"p","status":"failure","url":"https://ci/runs/2"}"#) != plain)
        // run_id stands for the run when present, as a string or an integer alike.
        #expect(try id(base + #","run_id":7}"#) == id(#"{"pipeline":"p","status":"failure","url":"https://x/other","run_id":"7"}"#))
    }

    @Test(arguments: [
        (#"{"status":"failure","url":"https://ci/1"}"#, "field 'pipeline' is missing"),
        (#"{"pipeline":null,"status":"failure","url":"https://ci/1"}"#, "field 'pipeline' is missing"),
        (#"{"pipeline":"  ","status":"failure","url":"https://ci/1"}"#, "field 'pipeline' is empty"),
        (#"{"pipeline":3,"status":"failure","url":"https://ci/1"}"#, "field 'pipeline' is a number: expected a string"),
        (#"{"pipeline":"p","url":"https://ci/1"}"#, "field 'status' is missing"),
        (#"{"pipeline":"p","status":"broken","url":"https://ci/1"}"#,
         "field 'status' is \"broken\": expected one of success, failure, error, cancelled, running, pending, skipped"),
        (#"{"pipeline":"p","status":"failure"}"#, "field 'url' is missing"),
        (#"{"pipeline":"p","status":"failure","url":"ci/1"}"#, "field 'url' is \"ci/1\": expected an http:// or https:// link"),
        (#"{"pipeline":"p","status":"failure","url":"https://ci/1","commit":42}"#, "field 'commit' is a number: expected a string"),
        (#"{"pipeline":"p","status":"failure","url":"https://ci/1","log_excerpt":["a"]}"#, "field 'log_excerpt' is an array"),
        (#"{"pipeline":"p","status":"failure","url":"https://ci/1","run_id":true}"#, "field 'run_id' is a bool: expected a string or an integer"),
        (#"{"pipeline":"p","status":"failure","url":"https://ci/1","attempt":0}"#, "field 'attempt' is a number: expected an integer ≥ 1"),
        (#"{"pipeline":"p","status":"failure","url":"https://ci/1","attempt":"2"}"#, "field 'attempt' is \"2\""),
        (#"["pipeline"]"#, "body is a JSON array"),
        (#"{"pipeline":"p""#, "body is not valid JSON"),
    ])
    func validationErrorsArePrecise(body: String, message: String) {
        Kit.expect(Kit.failure { try source.decode(Self.request(body)) }, status: 400, message)
    }

    @Test func optionalNullFieldsCountAsAbsent() throws {
        let inbound = try source.decode(Self.request(
            #"{"pipeline":"p","status":"failure","url":"https://ci/1","commit":null,"run_id":null}"#))
        #expect(inbound.payload["commit"] == .null)
    }

    @Test func bearerTokenIsRequiredAndCheckedWithoutLeaking() throws {
        try source.verify(Self.request("{}"), now: Kit.now)
        let body = Array("{}".utf8)
        Kit.expect(Kit.failure { try source.verify(Kit.request([], body: body), now: Kit.now) }, status: 401,
                   "missing Authorization header")
        Kit.expect(Kit.failure { try source.verify(Kit.request([("Authorization", "Token x")], body: body), now: Kit.now) },
                   status: 401, "not a Bearer token")
        Kit.expect(Kit.failure { try source.verify(Kit.request([("Authorization", "Bearer nope")], body: body), now: Kit.now) },
                   status: 401, "the Bearer token does not match", secrets: [Self.token])
        let sameLength = "X" + Self.token.dropFirst()
        Kit.expect(Kit.failure { try source.verify(Kit.request([("Authorization", "Bearer " + sameLength)], body: body), now: Kit.now) },
                   status: 401, "does not match", secrets: [Self.token])
        Kit.expect(Kit.failure { try source.verify(Kit.request([("Authorization", "Bearer " + Self.token + "x")], body: body), now: Kit.now) },
                   status: 401, "does not match", secrets: [Self.token])
    }

    @Test func formContentTypeIs415WithTheFix() {
        var request = Self.request(Self.full)
        request.headers.set("Content-Type", "application/x-www-form-urlencoded")
        Kit.expect(Kit.failure { try source.decode(request) }, status: 415, "Content-Type: application/json")
    }
}
