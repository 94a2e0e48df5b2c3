import Telemetry

extension Secret {
    /// The secret's UTF-8 bytes (the HMAC key for GitHub, Jira and Slack).
    var utf8Bytes: [UInt8] { Array(reveal().utf8) }
}

extension [Secret] {
    /// `true` when `token` equals one of the secrets. Every secret is compared
    /// in constant time, and every one is tried (no early exit), so the
    /// timing tells neither which secret matched nor how much of one did.
    func containsToken(_ token: String) -> Bool {
        let presented = [UInt8](token.utf8)
        var matched = false
        for secret in self {
            matched = ConstantTime.equals(secret.utf8Bytes, presented) || matched
        }
        return matched
    }

    /// `true` when `digest` is HMAC-SHA256(secret, message) for one of the
    /// secrets; each candidate is compared in constant time.
    func containsHMAC(_ digest: [UInt8], of message: [UInt8]) -> Bool {
        var matched = false
        for secret in self {
            let expected = Digest.hmacSHA256(key: secret.utf8Bytes, message: message)
            matched = ConstantTime.equals(expected, digest) || matched
        }
        return matched
    }
}
