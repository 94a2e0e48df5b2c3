/// A successful answer that does not decode into the expected type.
public struct SnipeITDecodingError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
