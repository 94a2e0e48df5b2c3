import JSON

/// A related record as an asset names it: its model, its location.
public struct SnipeITReference: Sendable, Equatable {
    public var id: Int
    public var name: String

    public init(id: Int, name: String) {
        self.id = id
        self.name = name
    }

    /// `{"id", "name"}`, or `nil` for null or an object without an id.
    static func decode(_ json: JSON?) -> SnipeITReference? {
        guard let object = json?.objectValue, let id = SnipeITFields.int(object["id"]) else { return nil }
        return SnipeITReference(id: id, name: SnipeITFields.string(object["name"]) ?? "")
    }
}
