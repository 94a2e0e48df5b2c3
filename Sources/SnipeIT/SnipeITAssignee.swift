import JSON

/// Whom or what an asset is checked out to (`assigned_to`): a user (with
/// username and email), a location or another asset (name and type only).
public struct SnipeITAssignee: Sendable, Equatable {
    public var id: Int
    public var name: String
    /// `user`, `location` or `asset`.
    public var type: String
    public var username: String?
    public var email: String?

    public init(id: Int, name: String, type: String, username: String? = nil, email: String? = nil) {
        self.id = id
        self.name = name
        self.type = type
        self.username = username
        self.email = email
    }

    static func decode(_ json: JSON?) -> SnipeITAssignee? {
        guard let object = json?.objectValue, let id = SnipeITFields.int(object["id"]) else { return nil }
        return SnipeITAssignee(
            id: id, name: SnipeITFields.string(object["name"]) ?? "", type: SnipeITFields.string(object["type"]) ?? "",
            username: SnipeITFields.string(object["username"]), email: SnipeITFields.string(object["email"]))
    }
}
