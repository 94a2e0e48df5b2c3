@testable import Admin
import Config
import HTTP
import Testing

/// Bearer tokens against `[admin] tokens`, without a socket.
@Suite struct AdminAuthenticatorTests {
    static let tokens = [
        BridgeConfig.Token(name: "oncall", value: "o-0123456789", scope: .operate),
        BridgeConfig.Token(name: "dashboard", value: "r-0123456789", scope: .read),
        // A `dry-run` reading keeps an entry without its value: it matches nothing.
        BridgeConfig.Token(name: "unread", value: "", scope: .operate),
    ]

    static func authenticate(_ header: String?) -> Result<String, HTTPError> {
        var headers = HTTPHeaders()
        if let header { headers.add("Authorization", header) }
        do throws(HTTPError) {
            return .success(try AdminAuthenticator(tokens: tokens).authenticate(headers).name)
        } catch {
            return .failure(error)
        }
    }

    @Test func eachTokenIsKnownByItsNameAndAnyOtherIs401() throws {
        #expect(try Self.authenticate("Bearer o-0123456789").get() == "oncall")
        #expect(try Self.authenticate("Bearer r-0123456789").get() == "dashboard")
        #expect(try Self.authenticate("bearer  r-0123456789 ").get() == "dashboard", "the scheme is case-insensitive")
        for header in [nil, "", "Bearer", "Bearer ", "Bearer o-012345678", "Bearer o-01234567890", "Bearer O-0123456789",
                       "Basic o-0123456789", "o-0123456789", "Bearer r-0123456789x"] {
            guard case .failure(let error) = Self.authenticate(header) else {
                Issue.record("\(header ?? "no header") was accepted")
                continue
            }
            #expect(error.status == 401)
            #expect(error.headers["WWW-Authenticate"] == #"Bearer realm="sniffer-bridge admin""#)
            #expect(!error.message.contains("0123456789"), "a 401 never echoes a token")
        }
    }

    @Test func aReadTokenMayReadButNotOperate() throws {
        let read = Self.tokens[1]
        try AdminAuthenticator.require(.read, of: read)
        try AdminAuthenticator.require(.operate, of: Self.tokens[0])
        #expect(throws: HTTPError(.forbidden, "the token 'dashboard' has scope read; this needs scope operate")) {
            try AdminAuthenticator.require(.operate, of: read)
        }
    }

    @Test func anEmptyPresentedTokenNeverMatchesAnUnreadEntry() {
        guard case .failure(let error) = Self.authenticate("Bearer  ") else {
            Issue.record("an empty token was accepted")
            return
        }
        #expect(error.status == 401)
    }
}
