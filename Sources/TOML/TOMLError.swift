/// A TOML document that could not be decoded: where, and what was expected.
///
/// The description is `line:col: message`, e.g.
/// `12:9: expected '=' after key "name", found '"'`.
public struct TOMLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where the problem was found (the offending character).
    public var position: TOMLPosition
    /// What went wrong, saying what was expected where possible.
    public var message: String

    /// An error at `position`.
    public init(position: TOMLPosition, message: String) {
        self.position = position
        self.message = message
    }

    /// `line:col: message`.
    public var description: String { "\(position): \(message)" }
}
