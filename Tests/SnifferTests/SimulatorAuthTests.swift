import Foundation
import JSON
import SnifferSim
import Testing

@Suite struct SimulatorAuthTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    private func base64URL(_ text: String) -> String {
        Data(text.utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
    }

    @Test func mintedTokensRoundTrip() {
        let token = SimToken.mint(companyID: "c1", expiresAt: Self.now.addingTimeInterval(60))
        #expect(token.hasPrefix("sniffer_eyJjb21wYW55SWQiOi"))  // the reference's example prefix
        #expect(SimToken.verify(token, now: Self.now) == .success("c1"))
        #expect(SimToken.verify(token, now: Self.now.addingTimeInterval(61)) == .failure(.expired))
    }

    @Test func eachRefusalHasTheReferenceMessage() {
        let cases: [(String?, SimToken.Rejection, String)] = [
            (nil, .missing, "Authentication required"),
            ("", .missing, "Authentication required"),
            ("Bearer abc", .badFormat, "Invalid API token format"),
            ("sniffer_!!!", .invalid, "Invalid API token"),
            ("sniffer_" + base64URL("{\"expiresAt\": 9999999999999}"), .invalid, "Invalid API token"),
            ("sniffer_" + base64URL("not json"), .undecodable, "Invalid or expired API token"),
            ("sniffer_" + base64URL("{\"companyId\": \"c\"}"), .undecodable, "Invalid or expired API token"),
            ("sniffer_" + base64URL("{\"companyId\": \"c\", \"expiresAt\": 1000}"), .expired, "API token has expired"),
        ]
        for (header, rejection, message) in cases {
            #expect(SimToken.verify(header, now: Self.now) == .failure(rejection), "\(header ?? "nil")")
            #expect(rejection.message == message)
        }
    }

    @Test func the401AnswerUsesTheMessage() async throws {
        let f = try Fixture()
        let (status, body) = try await f.rawJSON("GET", "/projects", token: "")
        #expect(status == 401)
        #expect(body == ["statusCode": 401, "message": "Authentication required", "error": "Unauthorized"])
        let (_, format) = try await f.rawJSON("GET", "/projects", token: "abc")
        #expect(format["message"] == "Invalid API token format")
    }

    @Test func expiredTokenIsRefusedByTheSimulatorClock() async throws {
        let clock = Mutex(Self.now)
        let f = try Fixture { $0.now = { clock.withLock { $0 } } }
        #expect(await f.raw("GET", "/projects").status == 200)
        clock.withLock { $0 = Self.now.addingTimeInterval(31 * 86_400) }
        let (status, body) = try await f.rawJSON("GET", "/projects")
        #expect(status == 401)
        #expect(body["message"] == "API token has expired")
    }

    @Test func durationsParse() {
        #expect(SimToken.parseDuration("30d") == TimeInterval(30 * 86_400))
        #expect(SimToken.parseDuration("12h") == TimeInterval(12 * 3_600))
        #expect(SimToken.parseDuration("90") == 90)
        #expect(SimToken.parseDuration("0d") == nil)
        #expect(SimToken.parseDuration("soon") == nil)
        #expect(SimToken.parseDuration("") == nil)
    }
}

import Synchronization
