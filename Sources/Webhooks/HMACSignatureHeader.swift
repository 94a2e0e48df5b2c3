import Telemetry
/// A `sha256=<hex>` signature header (GitHub's `X-Hub-Signature-256`,
/// Jira's `X-Hub-Signature`) checked against several secrets.
enum HMACSignatureHeader {
    /// Verifies that header `name`'s value is `sha256=` + hex HMAC-SHA256 of
    /// `body` under one of `secrets`.
    ///
    /// - Throws: 401 naming the header: missing, malformed, or matching no
    ///   configured secret. Neither the secret nor the expected digest is named.
    static func verify(
        _ value: String?, name: String, body: [UInt8], secrets: [Secret], missingHint: String
    ) throws(WebhookError) {
        guard let value else { throw .unauthorized("missing \(name) header: \(missingHint)") }
        guard value.hasPrefix("sha256="), let digest = Hex.decode(value.dropFirst(7)), digest.count == 32 else {
            throw .unauthorized("\(name) is malformed: expected sha256= followed by 64 hex digits")
        }
        guard secrets.containsHMAC(digest, of: body) else {
            throw .unauthorized(
                "\(name) does not match the body under any configured secret (wrong secret, or the body was altered)")
        }
    }
}
