import Foundation
import JSON
import Outbound
import SnipeIT
import SnipeITSim
import Testing

/// How each kind of answer is classified: authentication, redirects and
/// HTML, server errors, transport failures, and the envelope's `status`.
@Suite struct OutcomeTests {
    @Test func everyRequestCarriesTheTokenAndAcceptsJSON() async throws {
        let f = SnipeITFixture()
        _ = await f.client.assetByTag("LAPTOP-0001")
        _ = await f.client.updateAsset(id: 1, statusID: 2)
        for request in f.sim.receivedRequests {
            #expect(request.headers["authorization"] == "Bearer ***")
            #expect(request.headers["accept"] == "application/json")
            #expect(request.target.hasPrefix("/api/v1/"))
        }
        #expect(f.sim.receivedRequests.count == 2)
    }

    @Test func aBaseURLEndingInTheAPIPrefixIsAcceptedToo() async throws {
        let scripted = ScriptedFixture([ScriptedFixture.json(200, ["total": 0, "rows": []])])
        var configuration = scripted.client.configuration
        configuration.baseURL = "https://assets.example.com/api/v1/"
        let client = SnipeITClient(configuration: configuration, transport: scripted.transport)
        _ = await client.users(email: "a@b.c")
        let url = scripted.transport.requests.first?.url
        #expect(url == "https://assets.example.com/api/v1/users?email=a%40b.c&limit=50&offset=0")
    }

    @Test func aBadTokenIsTokenRejected() async throws {
        let f = SnipeITFixture()
        guard case .tokenRejected(let message) = await f.client(token: "wrong").assetByTag("LAPTOP-0001") else {
            Issue.record("a 401 is tokenRejected")
            return
        }
        #expect(message == "GET /api/v1/hardware/bytag/LAPTOP-0001: 401 Unauthorized or unauthenticated.")
    }

    @Test(arguments: [
        #"{"message":"Unauthenticated."}"#, #"{"error":"Unauthorized."}"#, "", "<html>login</html>", #"{"status":"error"}"#,
    ])
    func every401BodyIsTokenRejected(body: String) async {
        let f = ScriptedFixture([ScriptedFixture.raw(401, body)])
        guard case .tokenRejected = await f.client.assetByTag("A") else {
            Issue.record("401 with \(body) must be tokenRejected")
            return
        }
    }

    @Test func withoutAcceptSnipeITRedirectsToItsLoginPage() async throws {
        let f = SnipeITFixture()
        let bare = await f.raw("GET", "/api/v1/hardware/bytag/LAPTOP-0001", headers: [("Host", "snipeit.test")])
        #expect(bare.status == 302)
        #expect(bare.headers["Location"] == "http://snipeit.test/login")
        #expect(bare.headers["Content-Type"]?.hasPrefix("text/html") == true)
        #expect(String(decoding: bare.body, as: UTF8.self).contains("Redirecting to"))
        let json = await f.raw("GET", "/api/v1/hardware/bytag/LAPTOP-0001", headers: [("Accept", "application/json")])
        #expect(json.status == 401)
        #expect(try JSON(parsing: json.body) == ["error": "Unauthorized or unauthenticated."])
    }

    @Test func aRedirectToTheLoginPageIsAPreciseInvalidResponse() async throws {
        let f = SnipeITFixture()
        try await f.arm(["action": "loginRedirect"])
        guard case .invalidResponse(let message) = await f.client.assetByTag("X") else {
            Issue.record("a redirect is invalidResponse")
            return
        }
        #expect(message == "GET /api/v1/hardware/bytag/X: answered an HTML page (302 to /login); "
            + "is the Accept header being stripped by a proxy?")
    }

    @Test func anotherRedirectNamesItsTarget() async {
        let location = (name: "Location", value: "https://assets.example.com/api/v1/users")
        let f = ScriptedFixture([ScriptedFixture.raw(301, "", headers: [location])])
        guard case .invalidResponse(let message) = await f.client.users(username: "ada") else {
            Issue.record("a redirect is invalidResponse")
            return
        }
        #expect(message.hasPrefix("GET /api/v1/users: answered a redirect (301 to /api/v1/users) where JSON was expected"))
    }

    @Test func anHTMLPageWhereJSONWasExpectedIsInvalidResponse() async throws {
        let f = SnipeITFixture()
        try await f.arm(["action": "htmlPage"])
        guard case .invalidResponse(let message) = await f.client.statusLabels() else {
            Issue.record("an HTML page is invalidResponse, never success")
            return
        }
        #expect(message.hasPrefix("GET /api/v1/statuslabels: answered an HTML page (200) where JSON was expected"))
    }

    @Test func serverErrorsAndTimeoutsAreRetryable() async throws {
        let f = SnipeITFixture()
        try await f.arm(["status": 503, "times": 2])
        for _ in 0..<2 {
            guard case .retryable(let failure) = await f.client.assetByTag("LAPTOP-0001") else {
                Issue.record("a 503 is retryable")
                return
            }
            #expect(failure.status == 503)
            #expect(failure.retryOutcome == .response(status: 503, retryAfter: nil))
        }
        #expect(await f.client.assetByTag("LAPTOP-0001").value != nil)
        let scripted = ScriptedFixture([
            ScriptedFixture.raw(504, "<html>gateway timeout</html>"), .failure(TransportFailure(.timeout, "timed out")),
        ])
        guard case .retryable(let html) = await scripted.client.assetByTag("A") else {
            Issue.record("a proxy's 504 page is retryable")
            return
        }
        #expect(html.status == 504)
        guard case .retryable(let timeout) = await scripted.client.assetByTag("A") else {
            Issue.record("a timeout is retryable")
            return
        }
        #expect(timeout.transportFailure?.kind == .timeout)
    }

    @Test func downUntilToldOtherwise() async throws {
        let f = SnipeITFixture()
        try await f.arm(["action": "down"])
        for _ in 0..<3 {
            guard case .retryable(let failure) = await f.client.users(username: "ada") else {
                Issue.record("down is retryable")
                return
            }
            #expect(failure.status == 503)
        }
        _ = await f.raw("DELETE", "/_sim/faults", headers: [])
        #expect(await f.client.users(username: "ada").value?.total == 1)
    }

    @Test func aDroppedConnectionIsRetryable() async throws {
        let f = SnipeITFixture()
        try await f.arm(["action": "reset"])
        guard case .retryable(let failure) = await f.client.assetByTag("LAPTOP-0001") else {
            Issue.record("a reset is retryable")
            return
        }
        #expect(failure.transportFailure?.kind == .connectionReset)
        #expect(failure.status == nil)
    }

    @Test func otherClientErrorsKeepTheirMessages() async throws {
        let f = SnipeITFixture()
        let (status, _) = try await f.rawJSON("GET", "/api/v1/nothing-here")
        #expect(status == 404)
        try await f.arm(["status": 403, "message": "You are not authorized to perform this action."])
        guard case .clientError(403, let messages) = await f.client.assetByTag("LAPTOP-0001") else {
            Issue.record("a 403 is a clientError")
            return
        }
        #expect(messages == .text("You are not authorized to perform this action."))
        let invalid = await f.raw("PATCH", "/api/v1/hardware/2", body: Array("{not json".utf8))
        #expect(invalid.status == 422)
    }

    @Test func aTwoHundredErrorOnAReadIsAClientError() async throws {
        let f = SnipeITFixture()
        try await f.arm(["action": "errorEnvelope", "message": "Ce n’est pas permis."])
        guard case .clientError(200, let messages) = await f.client.users(email: "ada@example.com") else {
            Issue.record("the 200 error envelope on a list is a clientError")
            return
        }
        // Translated text is passed on as it came, never interpreted.
        #expect(messages == .text("Ce n’est pas permis."))
    }

    @Test func aBodyOfAnUnexpectedShapeIsInvalidResponse() async {
        let f = ScriptedFixture([
            ScriptedFixture.raw(200, "not json"), ScriptedFixture.json(200, ["id": "x"]),
            ScriptedFixture.json(200, ["total": 1, "rows": [["id": 1, "asset_tag": "A"]]]),
        ])
        guard case .invalidResponse(let notJSON) = await f.client.assetByTag("A") else {
            Issue.record("a body that is not JSON is invalidResponse")
            return
        }
        #expect(notJSON == "GET /api/v1/hardware/bytag/A: 200 answered 8 bytes that are not JSON")
        guard case .invalidResponse(let noID) = await f.client.assetByTag("A") else {
            Issue.record("an asset without an id is invalidResponse")
            return
        }
        #expect(noID == "GET /api/v1/hardware/bytag/A: asset: expected an object with a numeric \"id\"")
        guard case .invalidResponse(let listForAWrite) = await f.client.updateAsset(id: 1, statusID: 1) else {
            Issue.record("a write answered without the envelope is invalidResponse")
            return
        }
        #expect(listForAWrite == "PATCH /api/v1/hardware/1: answered JSON without the {status, messages, payload} envelope")
    }

    @Test func theTokenNeverAppearsInAMessage() async {
        let token = "tok-secret-123"
        let f = ScriptedFixture([
            .failure(TransportFailure(.other, "proxy said: bad header Bearer \(token)")),
            ScriptedFixture.json(200, ["status": "error", "messages": .string("token \(token) is not allowed"), "payload": nil]),
            ScriptedFixture.raw(401, #"{"message":"token \#(token) revoked"}"#),
        ], token: token)
        let outcomes = [
            "\(await f.client.assetByTag("A"))", "\(await f.client.updateAsset(id: 1, statusID: 1))",
            "\(await f.client.assetByTag("A"))",
        ]
        for text in outcomes { #expect(!text.contains(token), "\(text)") }
        let authorization = f.transport.requests.first?.headers.first { $0.name == "Authorization" }?.value
        #expect(authorization == "Bearer " + token)
        #expect(!"\(f.transport.requests[0])".contains(token))
    }
}
