import Foundation
import Config
import HTTP
import Webhooks

/// Who is calling: `Authorization: Bearer <token>` against every configured
/// token. The SHA-256 digests are compared in constant time and every token
/// is tried (no early exit), so the timing tells neither which token came
/// close nor how long any is.
package struct AdminAuthenticator: Sendable {
    private struct Entry: Sendable {
        let token: BridgeConfig.Token
        let digest: [UInt8]
    }

    private let entries: [Entry]

    package init(tokens: [BridgeConfig.Token]) {
        entries = tokens.map { Entry(token: $0, digest: Digest.sha256(Array($0.value.utf8))) }
    }

    /// The token `headers` present. Throws 401 when there is none, it is not
    /// a bearer token, or it matches no configured token.
    package func authenticate(_ headers: HTTPHeaders) throws(HTTPError) -> BridgeConfig.Token {
        guard let header = headers["Authorization"] else {
            throw .unauthorized("this endpoint needs Authorization: Bearer <token> (an [admin] token)")
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw .unauthorized("the Authorization header must be Bearer <token>")
        }
        let presented = Digest.sha256(Array(parts[1].trimmingCharacters(in: .whitespaces).utf8))
        var match: BridgeConfig.Token?
        for entry in entries where !entry.token.value.isEmpty {
            if ConstantTime.equals(entry.digest, presented), match == nil { match = entry.token }
        }
        guard let match else { throw .unauthorized("the token is not one of [admin] tokens") }
        return match
    }

    /// Throws 403 unless `token` may do what `scope` allows.
    package static func require(_ scope: BridgeConfig.AdminScope, of token: BridgeConfig.Token) throws(HTTPError) {
        guard scope == .read || token.scope == .operate else {
            throw HTTPError(.forbidden, "the token '\(token.name)' has scope read; this needs scope operate")
        }
    }
}
