import Foundation
import JSON

/// Everything the simulated Snipe-IT holds, as database rows (strings as
/// stored, unescaped; the transformers escape them on the way out).
struct SnipeITSimState: Sendable {
    var statusLabels = SnipeITSimTable()
    var manufacturers = SnipeITSimTable()
    var categories = SnipeITSimTable()
    var models = SnipeITSimTable()
    var locations = SnipeITSimTable()
    var suppliers = SnipeITSimTable()
    var users = SnipeITSimTable()
    var assets = SnipeITSimTable()
    var maintenances = SnipeITSimTable()

    /// A row's foreign key, e.g. `status_id`.
    static func id(_ row: JSONObject, _ key: String) -> Int? {
        row[key]?.intValue.map(Int.init) ?? row[key]?.stringValue.flatMap { Int($0) }
    }

    /// `2024-05-01 09:30:00`, as MySQL stores a timestamp (UTC here).
    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: date)
    }

    /// The whole state as JSON, for `GET /_sim/state`.
    var json: JSON {
        func rows(_ table: SnipeITSimTable) -> JSON { .array(table.rows.map(JSON.object)) }
        return [
            "statuslabels": rows(statusLabels), "manufacturers": rows(manufacturers), "categories": rows(categories),
            "models": rows(models), "locations": rows(locations), "suppliers": rows(suppliers), "users": rows(users),
            "assets": rows(assets), "maintenances": rows(maintenances),
        ]
    }
}
