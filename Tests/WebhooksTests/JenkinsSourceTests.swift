import Foundation
import HTTP
import JSON
import TestSupport
import Testing
import Webhooks
import Telemetry

@Suite struct JenkinsSourceTests {
    static let token = "jenkins-token-5e6f"
    let source: JenkinsSource

    init() throws {
        source = JenkinsSource(configuration: try .init(tokens: [Secret(Self.token)]))
    }

    static func request(_ body: [UInt8], headers: [(String, String)] = [("X-Jenkins-Token", token)],
                        target: String = "/hooks/jenkins") -> HTTPRequest {
        Kit.request([("Content-Type", "application/json;charset=UTF-8")] + headers, body: body, target: target)
    }

    static let fixtures: [(file: String, event: String, id: String, status: String)] = [
        ("notification-plugin.completed.failure.json", "completed", "JobUrl#70:COMPLETED", "FAILURE"),
        ("notification-plugin.completed.success.wiki-example.json", "completed", "job/asgard/#18:COMPLETED", "SUCCESS"),
        ("notification-plugin.finalized.failure.json", "finalized", "JobUrl#70:FINALIZED", "FAILURE"),
    ]

    @Test func everyFixtureIsCovered() throws {
        #expect(try Kit.fixtureNames("jenkins") == Set(Self.fixtures.map(\.file)))
    }

    @Test(arguments: fixtures)
    func fixtureDecodes(file: String, event: String, id: String, status: String) throws {
        let body = try SharedFiles.fixture("jenkins/" + file)
        let inbound = try source.receive(Self.request(body), now: Kit.now)
        #expect(inbound.source == "jenkins")
        #expect(inbound.name == event)
        #expect(inbound.deliveryID == id)
        #expect(inbound.deliveryIDIsDerived)
        #expect(inbound.payload == (try Kit.json(body)))
        #expect(inbound.payload["build"]?["status"]?.stringValue == status)
    }

    @Test func deliveryIDUsesNameWhenURLIsAbsent() throws {
        let inbound = try source.decode(Self.request(Array(#"{"name":"api","build":{"number":3,"phase":"STARTED"}}"#.utf8)))
        #expect(inbound.deliveryID == "api#3:STARTED")
        #expect(inbound.name == "started")
    }

    @Test(arguments: [
        [("Authorization", "Bearer " + token)],
        [("Authorization", "bearer  " + token)],
        [("X-Jenkins-Token", token)],
        [("Authorization", "Basic " + Data("jenkins:\(token)".utf8).base64EncodedString())],
    ])
    func tokenInHeaderIsAccepted(headers: [(String, String)]) throws {
        try source.verify(Self.request([], headers: headers), now: Kit.now)
    }

    @Test func tokenInQueryIsAccepted() throws {
        try source.verify(Self.request([], headers: [], target: "/hooks/jenkins?room=x&token=\(Self.token)"), now: Kit.now)
        let encoded = JenkinsSource(configuration: try .init(tokens: ["a b/c"]))
        try encoded.verify(Self.request([], headers: [], target: "/hooks/jenkins?token=a+b%2Fc"), now: Kit.now)
    }

    @Test func wrongOrMissingTokenIs401WithoutLeaking() {
        Kit.expect(Kit.failure { try source.verify(Self.request([], headers: []), now: Kit.now) },
                   status: 401, "missing token")
        Kit.expect(Kit.failure { try source.verify(Self.request([], headers: [("X-Jenkins-Token", "guess")]), now: Kit.now) },
                   status: 401, "the token in X-Jenkins-Token does not match", secrets: [Self.token])
        let sameLength = String(Self.token.reversed())
        Kit.expect(Kit.failure { try source.verify(Self.request([], headers: [("Authorization", "Bearer " + sameLength)]), now: Kit.now) },
                   status: 401, "Authorization: Bearer does not match", secrets: [Self.token])
        Kit.expect(Kit.failure { try source.verify(Self.request([], headers: [], target: "/hooks/jenkins?token=guess"), now: Kit.now) },
                   status: 401, "the token query parameter does not match", secrets: [Self.token])
        let basic = [("Authorization", "Basic " + Data("jenkins:guess".utf8).base64EncodedString())]
        Kit.expect(Kit.failure { try source.verify(Self.request([], headers: basic), now: Kit.now) },
                   status: 401, "Authorization: Basic does not match", secrets: [Self.token])
        Kit.expect(Kit.failure { try source.verify(Self.request([], headers: [("Authorization", "Digest x")]), now: Kit.now) },
                   status: 401, "missing token")
    }

    @Test func malformedBodiesNameTheField() {
        let cases: [(String, String)] = [
            (#"{"build":{"number":1,"phase":"STARTED"}}"#, "field 'name' is missing"),
            (#"{"name":"a"}"#, "field 'build' is missing: expected an object"),
            (#"{"name":"a","build":[]}"#, "field 'build' is an array"),
            (#"{"name":"a","build":{"phase":"STARTED"}}"#, "field 'build.number' is missing: expected an integer"),
            (#"{"name":"a","build":{"number":"7","phase":"STARTED"}}"#, "field 'build.number' is a string"),
            (#"{"name":"a","build":{"number":7}}"#, "field 'build.phase' is missing"),
            (#"{"name":"a","build":{"number":7,"phase":null}}"#, "field 'build.phase' is null"),
        ]
        for (body, message) in cases {
            Kit.expect(Kit.failure { try source.decode(Self.request(Array(body.utf8))) }, status: 400, message)
        }
    }

    @Test func xmlFormatIs415() {
        var request = Self.request(Array("<build/>".utf8))
        request.headers.set("Content-Type", "application/xml;charset=UTF-8")
        Kit.expect(Kit.failure { try source.decode(request) }, status: 415, "set the endpoint's Format to JSON")
    }
}
