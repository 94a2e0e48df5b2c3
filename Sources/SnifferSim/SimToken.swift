import Foundation
import JSON

/// The simulator's API tokens.
///
/// Encoding (the simulator's own; the real Sniffer encrypts its payload):
/// `sniffer_` + base64url (no padding) of the JSON object
/// `{"companyId": "<id>", "expiresAt": <Unix epoch milliseconds>}`.
/// The reference's example token `sniffer_eyJjb21wYW55SWQiOiI...` is exactly
/// such a prefix. Verification answers with the reference's five 401 messages.
public enum SimToken {
    public static let prefix = "sniffer_"

    /// Why a token was refused; `message` is the reference's exact text.
    public enum Rejection: String, Error, Sendable, CaseIterable {
        case missing = "Authentication required"
        case badFormat = "Invalid API token format"
        case invalid = "Invalid API token"
        case expired = "API token has expired"
        case undecodable = "Invalid or expired API token"

        public var message: String { rawValue }
    }

    /// A token for `companyID` that expires at `expiresAt`.
    public static func mint(companyID: String, expiresAt: Date) -> String {
        let payload: JSON = [
            "companyId": .string(companyID),
            "expiresAt": .int(Int64((expiresAt.timeIntervalSince1970 * 1000).rounded())),
        ]
        return prefix + base64URL(SimJSON.serialize(payload))
    }

    /// The company a presented token grants, or the reference's refusal.
    ///
    /// - `nil` header: "Authentication required".
    /// - no `sniffer_` prefix: "Invalid API token format".
    /// - payload not base64url, or missing `companyId`: "Invalid API token".
    /// - payload not a JSON object with a numeric `expiresAt`: "Invalid or expired API token"
    ///   (the reference's catch-all decryption error).
    /// - `expiresAt` in the past: "API token has expired".
    public static func verify(_ header: String?, now: Date) -> Result<String, Rejection> {
        guard let header, !header.isEmpty else { return .failure(.missing) }
        guard header.hasPrefix(prefix) else { return .failure(.badFormat) }
        guard let bytes = decodeBase64URL(String(header.dropFirst(prefix.count))) else {
            return .failure(.invalid)
        }
        guard let payload = try? SimJSON.parse(bytes), case .object(let object) = payload else {
            return .failure(.undecodable)
        }
        guard let company = object["companyId"]?.stringValue, !company.isEmpty else { return .failure(.invalid) }
        guard let expires = object["expiresAt"]?.doubleValue else { return .failure(.undecodable) }
        guard expires > now.timeIntervalSince1970 * 1000 else { return .failure(.expired) }
        return .success(company)
    }

    /// Parses `30d`, `12h`, `90m`, `45s` or a bare number of seconds.
    public static func parseDuration(_ text: String) -> TimeInterval? {
        guard let last = text.last else { return nil }
        let units: [Character: TimeInterval] = ["d": 86_400, "h": 3_600, "m": 60, "s": 1]
        if let unit = units[last] {
            guard let n = Double(text.dropLast()), n > 0, n.isFinite else { return nil }
            return n * unit
        }
        guard let n = Double(text), n > 0, n.isFinite else { return nil }
        return n
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decodeBase64URL(_ text: String) -> [UInt8]? {
        guard !text.isEmpty,
            text.utf8.allSatisfy({ $0 == 0x2D || $0 == 0x5F || ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) })
        else { return nil }
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while standard.utf8.count % 4 != 0 { standard += "=" }
        guard let data = Data(base64Encoded: standard) else { return nil }
        return Array(data)
    }
}
