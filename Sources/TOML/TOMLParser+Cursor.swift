/// Moving over whitespace, comments and newlines, and building errors.
extension TOMLParser {
    @inline(__always)
    func peek(_ ahead: Int = 0) -> UInt8? {
        let at = index + ahead
        return at < bytes.count ? bytes[at] : nil
    }

    /// Skips spaces and tabs.
    mutating func skipWhitespace() {
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") {
            index += 1
        }
    }

    /// Skips a `#` comment up to (not including) its line end. Control
    /// characters other than tab are not allowed in comments.
    mutating func skipComment() throws(TOMLError) {
        index += 1
        while let byte = peek() {
            if byte == UInt8(ascii: "\n") { return }
            if byte == UInt8(ascii: "\r") {
                if peek(1) == UInt8(ascii: "\n") { return }
                throw error("carriage return in comment must be followed by a line feed")
            }
            if Self.isControl(byte) {
                throw error("control character \(found()) is not allowed in a comment")
            }
            index += 1
        }
    }

    /// Consumes LF or CRLF; a lone CR is an error.
    mutating func expectNewline(after context: String) throws(TOMLError) {
        if peek() == UInt8(ascii: "\n") {
            index += 1
        } else if peek() == UInt8(ascii: "\r") && peek(1) == UInt8(ascii: "\n") {
            index += 2
        } else if peek() == UInt8(ascii: "\r") {
            throw error("carriage return must be followed by a line feed")
        } else {
            let suffix = context.isEmpty ? "" : " after \(context)"
            throw error("expected end of line\(suffix), found \(found())")
        }
    }

    /// After a key/value pair or a header: optional whitespace and comment,
    /// then a newline or the end of the document.
    mutating func expectLineEnd(after context: String) throws(TOMLError) {
        skipWhitespace()
        if peek() == UInt8(ascii: "#") { try skipComment() }
        guard peek() != nil else { return }
        try expectNewline(after: context)
    }

    /// Skips whitespace, comments and newlines (inside arrays).
    mutating func skipBlankLines() throws(TOMLError) {
        while true {
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: "#"): try skipComment()
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"): try expectNewline(after: "")
            default: return
            }
        }
    }

    /// Control characters TOML forbids outside multi-line strings' newlines:
    /// U+0000 to U+001F except tab, and U+007F.
    static func isControl(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != UInt8(ascii: "\t")) || byte == 0x7F
    }

    // MARK: - Errors

    /// An error at `offset` (default: the cursor).
    func error(_ message: String, at offset: Int? = nil) -> TOMLError {
        TOMLError(position: source.position(offset ?? index), message: message)
    }

    /// The character at the cursor as a message shows it: `'x'`, `'"'`,
    /// `end of line`, `end of file`, `U+0001`.
    func found(at offset: Int? = nil) -> String {
        let at = offset ?? index
        guard at < bytes.count else { return "end of file" }
        let byte = bytes[at]
        switch byte {
        case UInt8(ascii: "\n"): return "end of line"
        case UInt8(ascii: "\r"): return "carriage return"
        case UInt8(ascii: "\t"): return "tab"
        case 0..<0x20, 0x7F: return Self.codePoint(UInt32(byte))
        case 0x20..<0x7F: return "'\(Character(Unicode.Scalar(byte)))'"
        default:
            // A multi-byte scalar: the input was validated as UTF-8.
            var end = at + 1
            while end < bytes.count && bytes[end] & 0xC0 == 0x80 { end += 1 }
            let text = String(decoding: bytes[at..<end], as: UTF8.self)
            return "'\(text)'"
        }
    }

    static func codePoint(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
