import JSON

/// An asset's `status_label`: the label, its type, and `status_meta`, which
/// is `deployed` while the asset is checked out and the type otherwise.
public struct SnipeITAssetStatus: Sendable, Equatable {
    public var id: Int
    public var name: String
    /// `deployable`, `pending`, `undeployable` or `archived`.
    public var statusType: String?
    /// The type, or `deployed` while the asset is assigned.
    public var statusMeta: String?

    public init(id: Int, name: String, statusType: String? = nil, statusMeta: String? = nil) {
        self.id = id
        self.name = name
        self.statusType = statusType
        self.statusMeta = statusMeta
    }

    static func decode(_ json: JSON?) -> SnipeITAssetStatus? {
        guard let object = json?.objectValue, let id = SnipeITFields.int(object["id"]) else { return nil }
        return SnipeITAssetStatus(
            id: id, name: SnipeITFields.string(object["name"]) ?? "", statusType: SnipeITFields.string(object["status_type"]),
            statusMeta: SnipeITFields.string(object["status_meta"]))
    }
}
