import JSON

/// An asset maintenance (`/maintenances`). Listed, it comes from Snipe-IT's
/// transformer (strings escaped, the asset nested, dates as objects); just
/// created, it is the raw model of the write's payload (`asset_id`, bare
/// dates, strings as stored). `decode` reads both.
public struct SnipeITMaintenance: Sendable, Equatable {
    public var id: Int
    public var assetID: Int?
    public var title: String
    /// `asset_maintenance_type`, e.g. `Repair`.
    public var type: String
    /// `YYYY-MM-DD`.
    public var startDate: String?
    public var completionDate: String?
    public var notes: String?
    /// The whole document (unescaped when it came from a list).
    public var json: JSON

    /// Decodes a maintenance that is already unescaped (or was never escaped).
    public static func decode(_ json: JSON) -> Result<SnipeITMaintenance, SnipeITDecodingError> {
        guard let object = json.objectValue, let id = SnipeITFields.int(object["id"]) else {
            return .failure(SnipeITDecodingError("maintenance: expected an object with a numeric \"id\""))
        }
        let assetID = SnipeITFields.int(object["asset"]?["id"]) ?? SnipeITFields.int(object["asset_id"])
        return .success(SnipeITMaintenance(
            id: id, assetID: assetID, title: SnipeITFields.string(object["title"]) ?? "",
            type: SnipeITFields.string(object["asset_maintenance_type"]) ?? "",
            startDate: SnipeITFields.date(object["start_date"]), completionDate: SnipeITFields.date(object["completion_date"]),
            notes: SnipeITFields.string(object["notes"]), json: json))
    }
}
