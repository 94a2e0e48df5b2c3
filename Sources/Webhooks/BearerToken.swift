import Foundation

/// `Authorization: Bearer <token>` (RFC 6750 §2.1; the scheme is case-insensitive).
enum BearerToken {
    /// The token, or `nil` when `authorization` is not a non-empty Bearer credential.
    static func parse(_ authorization: String) -> String? {
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmedWhitespace()
        return token.isEmpty ? nil : token
    }
}
