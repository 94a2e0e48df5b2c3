/// How `JSON.serialized(_:)` lays out its output.
public struct JSONSerializationOptions: OptionSet, Sendable {
    /// The option bits.
    public let rawValue: Int
    /// Options from their bits.
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// One member or element per line, indented by two spaces, `"key": value`.
    public static let pretty = JSONSerializationOptions(rawValue: 1 << 0)
    /// Object keys in ascending order of their UTF-8 bytes instead of insertion order.
    public static let sortedKeys = JSONSerializationOptions(rawValue: 1 << 1)
}
