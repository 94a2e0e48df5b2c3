import Foundation
import JSON

/// What `addMaintenance` sends to `POST /api/v1/maintenances`. Snipe-IT's
/// model requires `asset_id`, `supplier_id`, `asset_maintenance_type`,
/// `title` (at most 100 characters) and `start_date` (`YYYY-MM-DD`).
public struct SnipeITMaintenanceDraft: Sendable, Equatable {
    public var assetID: Int
    public var supplierID: Int
    public var title: String
    /// One of the instance's maintenance types; in English: `Maintenance`,
    /// `Repair`, `Upgrade`, `PAT Test`, `Calibration`, `Software Support`,
    /// `Hardware Support`, `Configuration Change`.
    public var type: String
    /// `YYYY-MM-DD` (see `day(_:)`).
    public var startDate: String
    public var completionDate: String?
    public var notes: String?
    public var cost: Double?
    public var isWarranty: Bool?

    public init(assetID: Int, supplierID: Int, title: String, type: String, startDate: String) {
        self.assetID = assetID
        self.supplierID = supplierID
        self.title = title
        self.type = type
        self.startDate = startDate
    }

    /// `date` as `YYYY-MM-DD` in UTC.
    public static func day(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        func pad(_ number: Int?, _ width: Int) -> String {
            let text = String(number ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.year, 4))-\(pad(parts.month, 2))-\(pad(parts.day, 2))"
    }

    /// The request body.
    var body: JSON {
        var object: JSONObject = [
            "asset_id": .int(Int64(assetID)), "supplier_id": .int(Int64(supplierID)), "title": .string(title),
            "asset_maintenance_type": .string(type), "start_date": .string(startDate),
        ]
        if let completionDate { object["completion_date"] = .string(completionDate) }
        if let notes { object["notes"] = .string(notes) }
        if let cost { object["cost"] = .double(cost) }
        if let isWarranty { object["is_warranty"] = .bool(isWarranty) }
        return .object(object)
    }
}
