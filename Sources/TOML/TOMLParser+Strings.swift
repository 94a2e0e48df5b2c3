/// Keys and the four kinds of strings.
extension TOMLParser {
    /// A key: bare, quoted or literal segments joined by dots (whitespace
    /// around the dots is allowed).
    mutating func parseKey() throws(TOMLError) -> [KeySegment] {
        var segments: [KeySegment] = []
        while true {
            skipWhitespace()
            let start = index
            guard let byte = peek() else { throw error("expected a key, found end of file") }
            if Self.isBareKeyByte(byte) {
                while let next = peek(), Self.isBareKeyByte(next) { index += 1 }
                segments.append(KeySegment(name: String(decoding: bytes[start..<index], as: UTF8.self), offset: start))
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                if peek(1) == byte && peek(2) == byte {
                    throw error("a multi-line string cannot be a key")
                }
                let (name, _) = try parseString()
                segments.append(KeySegment(name: name, offset: start))
            } else if segments.isEmpty {
                throw error("expected a key, found \(found())")
            } else {
                throw error("expected a key after '.' in \(Self.display(segments)), found \(found())")
            }
            skipWhitespace()
            guard peek() == UInt8(ascii: ".") else { return segments }
            index += 1
        }
    }

    /// A string value at the cursor, as a node with its content map.
    mutating func parseStringNode() throws(TOMLError) -> TOMLNode {
        let start = index
        let (text, map) = try parseString()
        return TOMLNode(value: .string(text), position: source.position(start), contentMap: map)
    }

    /// Any of `"basic"`, `"""multi-line basic"""`, `'literal'`,
    /// `'''multi-line literal'''`; the cursor is on the opening quote.
    mutating func parseString() throws(TOMLError) -> (String, TOMLContentMap) {
        let start = index
        let quote = bytes[index]
        let isBasic = quote == UInt8(ascii: "\"")
        let isMultiline = peek(1) == quote && peek(2) == quote
        let kind = (isMultiline ? "multi-line " : "") + (isBasic ? "basic string" : "literal string")
        let delimiter = String(repeating: isBasic ? "\"" : "'", count: isMultiline ? 3 : 1)
        if isMultiline {
            index += 3
            // A newline right after the opening delimiter is trimmed.
            if peek() == UInt8(ascii: "\n") {
                index += 1
            } else if peek() == UInt8(ascii: "\r") && peek(1) == UInt8(ascii: "\n") {
                index += 2
            }
        } else {
            index += 1
        }
        var out: [UInt8] = []
        var scalars = 0
        var map = TOMLContentMap(start: source.position(index))
        while true {
            guard let byte = peek() else {
                throw error(
                    "expected \(delimiter) to close the \(kind) opened at \(source.position(start)), found end of file")
            }
            if byte == quote {
                if !isMultiline {
                    index += 1
                    break
                }
                var run = 0
                while peek(run) == quote { run += 1 }
                if run >= 3 {
                    // Up to two quotes may sit right before the closing delimiter.
                    guard run <= 5 else {
                        throw error("too many quotes: expected at most 5 to close the \(kind)", at: index)
                    }
                    for _ in 0..<(run - 3) { out.append(quote) }
                    scalars += run - 3
                    index += run
                    break
                }
                for _ in 0..<run { out.append(quote) }
                scalars += run
                index += run
                continue
            }
            switch byte {
            case UInt8(ascii: "\\") where isBasic:
                if isMultiline, try skipLineEndingBackslash() {
                    map.add(scalarOffset: scalars, position: source.position(index))
                    continue
                }
                let scalar = try parseEscape()
                Unicode.UTF8.encode(scalar) { out.append($0) }
                scalars += 1
                map.add(scalarOffset: scalars, position: source.position(index))
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                guard isMultiline else {
                    throw error(
                        "expected \(delimiter) to close the \(kind) opened at \(source.position(start)), found \(found())")
                }
                if byte == UInt8(ascii: "\r") {
                    guard peek(1) == UInt8(ascii: "\n") else {
                        throw error("carriage return must be followed by a line feed")
                    }
                    index += 1
                }
                // CRLF is normalised to LF.
                index += 1
                out.append(UInt8(ascii: "\n"))
                scalars += 1
                map.add(scalarOffset: scalars, position: source.position(index))
            default:
                if Self.isControl(byte) {
                    throw error("control character \(found()) is not allowed in a \(kind)\(isBasic ? "; escape it" : "")")
                }
                out.append(byte)
                if byte & 0xC0 != 0x80 { scalars += 1 }
                index += 1
            }
        }
        return (String(decoding: out, as: UTF8.self), map)
    }

    /// In a multi-line basic string, `\` followed by optional whitespace and
    /// a newline trims all whitespace and newlines up to the next character.
    /// Returns false (cursor unchanged) when the backslash starts an escape.
    private mutating func skipLineEndingBackslash() throws(TOMLError) -> Bool {
        var ahead = index + 1
        while ahead < bytes.count, bytes[ahead] == UInt8(ascii: " ") || bytes[ahead] == UInt8(ascii: "\t") {
            ahead += 1
        }
        guard ahead < bytes.count else { return false }
        let isNewline = bytes[ahead] == UInt8(ascii: "\n")
            || (bytes[ahead] == UInt8(ascii: "\r") && ahead + 1 < bytes.count && bytes[ahead + 1] == UInt8(ascii: "\n"))
        guard isNewline else { return false }
        index = ahead
        while let byte = peek() {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"):
                index += 1
            case UInt8(ascii: "\r"):
                guard peek(1) == UInt8(ascii: "\n") else { throw error("carriage return must be followed by a line feed") }
                index += 2
            default:
                return true
            }
        }
        return true
    }

    /// An escape sequence at the cursor (on the backslash).
    private mutating func parseEscape() throws(TOMLError) -> Unicode.Scalar {
        let start = index
        index += 1
        guard let letter = peek() else { throw error("expected an escape sequence after '\\', found end of file") }
        index += 1
        switch letter {
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let digits = letter == UInt8(ascii: "u") ? 4 : 8
            var value: UInt32 = 0
            for _ in 0..<digits {
                guard let byte = peek(), let digit = Self.hexValue(byte) else {
                    throw error(
                        "expected \(digits) hex digits in \\\(Character(Unicode.Scalar(letter))) escape, found \(found())")
                }
                value = value << 4 | UInt32(digit)
                index += 1
            }
            guard let scalar = Unicode.Scalar(value) else {
                throw error("escape \(Self.codePoint(value)) is not a Unicode scalar value", at: start)
            }
            return scalar
        default:
            index = start + 1
            throw error(
                "invalid escape sequence '\\' followed by \(found()); expected one of \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX",
                at: start)
        }
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
