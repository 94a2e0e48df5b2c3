import Foundation
import HTTP
import Telemetry

/// The Standard Webhooks signature scheme (standardwebhooks.com), which
/// GitLab sends when a signing token is set:
///
/// - `webhook-id`: the message id (GitLab: equal to `Idempotency-Key`);
/// - `webhook-timestamp`: Unix seconds; rejected when more than `tolerance`
///   away from now, in either direction (replays, skewed clocks);
/// - `webhook-signature`: space-separated `v1,<base64 HMAC-SHA256(key,
///   "{id}.{timestamp}.{raw body}")>` entries; any one matching suffices,
///   entries of other versions are ignored.
///
/// Keys are `whsec_<base64>`; the HMAC key is the base64-decoded bytes.
package struct StandardWebhooksSignature: Sendable {
    /// A decoded signing key. Prints as `***`.
    package struct Key: Sendable, CustomStringConvertible, CustomReflectable {
        let bytes: [UInt8]
        package var description: String { "***" }
        package var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

        /// Decodes `whsec_<base64>` (the prefix is optional); `nil` when not base64 or empty.
        package init?(_ secret: Secret) {
            var text = Substring(secret.reveal())
            if text.hasPrefix("whsec_") { text = text.dropFirst(6) }
            guard let data = Data(base64Encoded: String(text)), !data.isEmpty else { return nil }
            bytes = [UInt8](data)
        }
    }

    /// Replay window: 5 minutes.
    package static let tolerance: TimeInterval = 300

    package let keys: [Key]

    package init(keys: [Key]) {
        self.keys = keys
    }

    /// `true` when the request carries a `webhook-signature` header.
    package static func isPresent(in request: HTTPRequest) -> Bool {
        request.headers.contains("webhook-signature")
    }

    /// Verifies the three headers against `keys`.
    ///
    /// - Throws: 401 naming the missing or bad header, the stale timestamp,
    ///   or the mismatch. Never names a key or an expected signature.
    package func verify(_ request: HTTPRequest, now: Date) throws(WebhookError) {
        guard let id = request.header("webhook-id") else {
            throw .unauthorized("missing webhook-id header (required with webhook-signature)")
        }
        guard let timestampText = request.header("webhook-timestamp") else {
            throw .unauthorized("missing webhook-timestamp header (required with webhook-signature)")
        }
        guard let timestamp = Int64(timestampText) else {
            throw .unauthorized("webhook-timestamp is not an integer number of seconds")
        }
        try Self.checkFreshness(timestamp, now: now, header: "webhook-timestamp")
        let signatures = (request.header("webhook-signature") ?? "").split(separator: " ").compactMap { entry in
            entry.hasPrefix("v1,") ? Data(base64Encoded: String(entry.dropFirst(3))).map { [UInt8]($0) } : nil
        }
        guard !signatures.isEmpty else {
            throw .unauthorized("webhook-signature has no v1,<base64> entry")
        }
        let message = Array("\(id).\(timestampText).".utf8) + request.body
        var matched = false
        for key in keys {
            let expected = Digest.hmacSHA256(key: key.bytes, message: message)
            for signature in signatures {
                matched = ConstantTime.equals(expected, signature) || matched
            }
        }
        guard matched else {
            throw .unauthorized(
                "webhook-signature does not match under any configured signing key (wrong key, or the body was altered)")
        }
    }

    /// Throws a 401 when `timestamp` is more than `tolerance` seconds from `now`.
    static func checkFreshness(_ timestamp: Int64, now: Date, header: String) throws(WebhookError) {
        let skew = now.timeIntervalSince1970 - Double(timestamp)
        guard abs(skew) > tolerance else { return }
        let seconds = Int64(abs(skew).rounded())
        let direction = skew > 0 ? "in the past" : "in the future"
        throw .unauthorized(
            "\(header) is \(seconds) s \(direction); requests more than \(Int(tolerance)) s away from the server clock are rejected as replays (check both clocks)"
        )
    }
}
