/// One field of a failed validation and what Snipe-IT said about it, e.g.
/// `status_id`: `["The selected status id is invalid."]`.
public struct SnipeITFieldError: Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var messages: [String]

    public init(field: String, messages: [String]) {
        self.field = field
        self.messages = messages
    }

    public var description: String { "\(field): \(messages.joined(separator: " "))" }
}
