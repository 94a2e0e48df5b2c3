/// The TOML 1.0.0 decoder's entry points.
///
/// ```swift
/// let table = try TOML.parse(text)
/// if let name = table["name"] { print(name.value, name.position) }
/// ```
public enum TOML {
    /// Limits for decoding untrusted documents.
    public struct Configuration: Sendable, Hashable {
        /// The deepest nesting of arrays, inline tables and key segments allowed.
        public var maxDepth: Int

        /// Defaults: `maxDepth` 128.
        public init(maxDepth: Int = 128) {
            self.maxDepth = maxDepth
        }
    }

    /// Decodes a TOML document.
    /// - Throws: `TOMLError` with the line:column of the first problem.
    public static func parse(_ text: String, configuration: Configuration = .init()) throws(TOMLError) -> TOMLTable {
        try decode(Array(text.utf8), configuration: configuration)
    }

    /// Decodes a TOML document from UTF-8 bytes; invalid UTF-8 is rejected
    /// with the position of the first bad byte. A leading UTF-8 byte order
    /// mark is skipped.
    public static func parse(bytes: [UInt8], configuration: Configuration = .init()) throws(TOMLError) -> TOMLTable {
        if let bad = TOMLSource.firstInvalidUTF8(bytes) {
            let position = TOMLSource(bytes: Array(bytes[..<bad])).position(bad)
            throw TOMLError(
                position: position,
                message: "invalid UTF-8: byte 0x\(String(bytes[bad], radix: 16, uppercase: true)) at offset \(bad)")
        }
        return try decode(bytes, configuration: configuration)
    }

    private static func decode(_ bytes: [UInt8], configuration: Configuration) throws(TOMLError) -> TOMLTable {
        var parser = TOMLParser(source: TOMLSource(bytes: bytes), configuration: configuration)
        return try parser.parseDocument()
    }
}
