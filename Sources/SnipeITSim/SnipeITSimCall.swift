import Foundation
import JSON

/// One authenticated API call, decoded: what a route reads.
struct SnipeITSimCall: Sendable {
    var method: String
    /// Path segments after `/api/v1`, percent-decoded (`/hardware/bytag/A%2FB` is `["hardware", "bytag", "A/B"]`).
    var path: [String]
    var query: SnipeITSimQuery
    var body: [UInt8]
    var now: Date

    /// The body as a JSON object (empty for no body); `nil` when it is not
    /// one, which Snipe-IT answers with 422 "Invalid JSON".
    func object() -> JSONObject? {
        if body.isEmpty { return [:] }
        return (try? JSON(parsing: body))?.objectValue
    }

    /// MySQL's default collation compares case-insensitively: so do look-ups by tag, serial, email.
    static func same(_ a: String?, _ b: String) -> Bool {
        guard let a else { return false }
        return a.lowercased() == b.lowercased()
    }
}
