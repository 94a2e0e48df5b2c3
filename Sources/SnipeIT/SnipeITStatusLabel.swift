import JSON

/// A status label (`/statuslabels`): what `PATCH /hardware/:id` sets as
/// `status_id`. Snipe-IT seeds "Ready to Deploy", "Pending", "Archived",
/// "Out for Diagnostics", "Out for Repair", "Broken - Not Fixable" and
/// "Lost/Stolen"; an instance may have renamed or added any.
public struct SnipeITStatusLabel: Sendable, Equatable {
    public var id: Int
    /// Unescaped.
    public var name: String
    /// `deployable`, `pending`, `undeployable` or `archived`.
    public var type: String
    public var color: String?

    public init(id: Int, name: String, type: String, color: String? = nil) {
        self.id = id
        self.name = name
        self.type = type
        self.color = color
    }

    /// Decodes a label that is already unescaped.
    public static func decode(_ json: JSON) -> Result<SnipeITStatusLabel, SnipeITDecodingError> {
        guard let object = json.objectValue, let id = SnipeITFields.int(object["id"]),
            let name = SnipeITFields.string(object["name"])
        else {
            return .failure(SnipeITDecodingError("status label: expected an object with a numeric \"id\" and a \"name\""))
        }
        return .success(SnipeITStatusLabel(
            id: id, name: name, type: SnipeITFields.string(object["type"]) ?? "", color: SnipeITFields.string(object["color"])))
    }
}
