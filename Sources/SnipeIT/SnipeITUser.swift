import JSON

/// A user as Snipe-IT's transformer gives it, its strings unescaped, with
/// the whole document in `json` for templates.
public struct SnipeITUser: Sendable, Equatable {
    public var id: Int
    /// The full name (`first_name last_name`).
    public var name: String
    public var username: String
    public var email: String?
    public var employeeNumber: String?
    public var location: SnipeITReference?
    /// The whole document, unescaped.
    public var json: JSON

    /// Decodes a user that is already unescaped.
    public static func decode(_ json: JSON) -> Result<SnipeITUser, SnipeITDecodingError> {
        guard let object = json.objectValue, let id = SnipeITFields.int(object["id"]) else {
            return .failure(SnipeITDecodingError("user: expected an object with a numeric \"id\""))
        }
        return .success(SnipeITUser(
            id: id, name: SnipeITFields.string(object["name"]) ?? "", username: SnipeITFields.string(object["username"]) ?? "",
            email: SnipeITFields.string(object["email"]), employeeNumber: SnipeITFields.string(object["employee_num"]),
            location: SnipeITReference.decode(object["location"]), json: json))
    }
}
