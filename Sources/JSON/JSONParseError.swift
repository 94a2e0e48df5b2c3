/// Why a document was rejected, and where: `offset` is the byte offset from
/// the start of the document (0-based).
///
/// The description reads like `unexpected '}' at byte 812`.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong.
    public enum Reason: Sendable, Equatable {
        /// A byte that cannot start or continue the expected token.
        case unexpectedByte(UInt8)
        /// The document ended in the middle of a value.
        case unexpectedEnd
        /// A string with no closing quote; the offset is its opening quote.
        case unterminatedString
        /// A backslash followed by a byte that is not a JSON escape.
        case invalidEscape(UInt8)
        /// `\u` not followed by four hexadecimal digits.
        case invalidUnicodeEscape
        /// A `\u` escape of a UTF-16 surrogate without its other half.
        case loneSurrogate(UInt16)
        /// A byte below 0x20 inside a string (it must be escaped).
        case controlCharacter(UInt8)
        /// Bytes that are not well-formed UTF-8 (RFC 3629).
        case invalidUTF8
        /// A number that breaks JSON's number grammar (e.g. `01`, `1.`, `-`).
        case invalidNumber
        /// A number too large for a `Double`.
        case numberOutOfRange
        /// An array or object opened deeper than `maxDepth`.
        case tooDeep(limit: Int)
        /// A document larger than `maxBytes`.
        case tooLarge(size: Int, limit: Int)
        /// Something other than whitespace after the document's value.
        case trailingCharacters
    }

    /// What was wrong.
    public let reason: Reason
    /// The byte offset where it was found.
    public let offset: Int

    /// An error of `reason` at byte `offset`.
    public init(_ reason: Reason, at offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    /// One line naming the problem and its byte offset, e.g. `unexpected '}' at byte 812`.
    public var description: String {
        switch reason {
        case .unexpectedByte(let byte): return "unexpected \(Self.show(byte)) at byte \(offset)"
        case .unexpectedEnd: return "unexpected end of document at byte \(offset)"
        case .unterminatedString: return "unterminated string starting at byte \(offset)"
        case .invalidEscape(let byte): return "invalid escape \\\(Self.bare(byte)) at byte \(offset)"
        case .invalidUnicodeEscape: return "invalid \\u escape (needs four hex digits) at byte \(offset)"
        case .loneSurrogate(let unit): return "lone surrogate \\u\(Self.hex(unit, digits: 4)) at byte \(offset)"
        case .controlCharacter(let byte):
            return "unescaped control character 0x\(Self.hex(UInt16(byte), digits: 2)) in string at byte \(offset)"
        case .invalidUTF8: return "invalid UTF-8 at byte \(offset)"
        case .invalidNumber: return "invalid number at byte \(offset)"
        case .numberOutOfRange: return "number out of range at byte \(offset)"
        case .tooDeep(let limit): return "nesting deeper than \(limit) at byte \(offset)"
        case .tooLarge(let size, let limit): return "document of \(size) bytes exceeds the limit of \(limit)"
        case .trailingCharacters: return "trailing characters at byte \(offset)"
        }
    }

    /// The 1-based line and column of `offset` in `document` (the bytes that
    /// were parsed), for messages such as `payload.json:3:14`. Lines end at
    /// `\n`; the column counts bytes. Worked out only when asked, so parsing
    /// itself tracks nothing but the offset.
    public func location(in document: some Collection<UInt8>) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for byte in document.prefix(offset) {
            if byte == 0x0A {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }

    /// `'x'` for printable ASCII, `byte 0xNN` otherwise.
    private static func show(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(hex(UInt16(byte), digits: 2))"
    }

    /// The byte itself when printable ASCII, else `0xNN`.
    private static func bare(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? String(Character(Unicode.Scalar(byte))) : "0x\(hex(UInt16(byte), digits: 2))"
    }

    private static func hex(_ value: UInt16, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
