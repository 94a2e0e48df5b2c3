extension JSONParser {
    /// Reads the string whose opening quote is at `index`, leaving `index` after
    /// its closing quote.
    ///
    /// The common case (no escapes) becomes a `String` straight from the
    /// buffer; a string with escapes is assembled in `scratch`.
    mutating func parseString() throws(JSONParseError) -> String {
        let start = index
        index += 1
        let runStart = index
        let count = bytes.count
        index = PlainRun.end(in: bytes, from: index)
        while index < count {
            let byte = bytes[index]
            if byte == 0x22 {  // "
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[runStart..<index]), as: UTF8.self)
                index += 1
                return text
            }
            if byte == 0x5C {  // \
                scratch.removeAll(keepingCapacity: true)
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                return try parseEscapedString(start: start)
            }
            if byte < 0x20 { throw JSONParseError(.controlCharacter(byte), at: index) }
            if byte < 0x80 {
                index += 1
            } else {
                index += try validateUTF8Sequence()
            }
        }
        throw JSONParseError(.unterminatedString, at: start)
    }

    /// Validates the string whose opening quote is at `index` exactly as
    /// `parseString` does (same errors, same offsets), without building it;
    /// leaves `index` after its closing quote. For a lazy parse's nested objects.
    mutating func skipString() throws(JSONParseError) {
        let start = index
        index += 1
        let count = bytes.count
        while true {
            index = PlainRun.end(in: bytes, from: index)
            guard index < count else { break }
            let byte = bytes[index]
            switch byte {
            case 0x22:  // "
                index += 1
                return
            case 0x5C:  // \ : validated by decoding it; the decoded bytes are dropped
                scratch.removeAll(keepingCapacity: true)
                try parseEscape(stringStart: start)
            case 0x00..<0x20:
                throw JSONParseError(.controlCharacter(byte), at: index)
            case 0x20..<0x80:
                index += 1
            default:
                index += try validateUTF8Sequence()
            }
        }
        throw JSONParseError(.unterminatedString, at: start)
    }

    /// Continues a string at its first backslash, writing the decoded bytes to `scratch`.
    private mutating func parseEscapedString(start: Int) throws(JSONParseError) -> String {
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            switch byte {
            case 0x22:  // "
                index += 1
                return String(decoding: scratch, as: UTF8.self)
            case 0x5C:  // \
                try parseEscape(stringStart: start)
            case 0x00..<0x20:
                throw JSONParseError(.controlCharacter(byte), at: index)
            case 0x20..<0x80:
                scratch.append(byte)
                index += 1
            default:
                let length = try validateUTF8Sequence()
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<index + length]))
                index += length
            }
        }
        throw JSONParseError(.unterminatedString, at: start)
    }

    /// Decodes the escape at `index` (a backslash) into `scratch`.
    private mutating func parseEscape(stringStart: Int) throws(JSONParseError) {
        let escapeStart = index
        guard index + 1 < bytes.count else { throw JSONParseError(.unterminatedString, at: stringStart) }
        let kind = bytes[index + 1]
        index += 2
        switch kind {
        case 0x22, 0x5C, 0x2F: scratch.append(kind)  // " \ /
        case 0x62: scratch.append(0x08)  // b
        case 0x66: scratch.append(0x0C)  // f
        case 0x6E: scratch.append(0x0A)  // n
        case 0x72: scratch.append(0x0D)  // r
        case 0x74: scratch.append(0x09)  // t
        case 0x75:  // u
            let unit = try readHex4(escapeStart: escapeStart)
            var scalar = UInt32(unit)
            switch unit {
            case 0xD800...0xDBFF:
                // A high surrogate must be followed at once by `\u` and a low one.
                guard index + 1 < bytes.count, bytes[index] == 0x5C, bytes[index + 1] == 0x75 else {
                    try loneSurrogate(unit, at: escapeStart)
                    return
                }
                let lowStart = index
                index += 2
                let low = try readHex4(escapeStart: lowStart)
                guard (0xDC00...0xDFFF).contains(low) else {
                    try loneSurrogate(unit, at: escapeStart)
                    index = lowStart  // the next escape is read on its own
                    return
                }
                scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            case 0xDC00...0xDFFF:
                try loneSurrogate(unit, at: escapeStart)
                return
            default:
                break
            }
            appendUTF8(scalar)
        default:
            throw JSONParseError(.invalidEscape(kind), at: escapeStart)
        }
    }

    /// Half a surrogate pair: U+FFFD when the limits say so, else the error.
    private mutating func loneSurrogate(_ unit: UInt16, at escapeStart: Int) throws(JSONParseError) {
        guard replacesLoneSurrogates else { throw JSONParseError(.loneSurrogate(unit), at: escapeStart) }
        appendUTF8(0xFFFD)
    }

    /// Reads the four hex digits after `\u` at `index`.
    private mutating func readHex4(escapeStart: Int) throws(JSONParseError) -> UInt16 {
        guard index + 4 <= bytes.count else { throw JSONParseError(.invalidUnicodeEscape, at: escapeStart) }
        var unit: UInt16 = 0
        for offset in 0..<4 {
            let byte = bytes[index + offset]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte &- 0x30
            case 0x41...0x46: digit = byte &- 0x41 &+ 10
            case 0x61...0x66: digit = byte &- 0x61 &+ 10
            default: throw JSONParseError(.invalidUnicodeEscape, at: escapeStart)
            }
            unit = unit << 4 | UInt16(digit)
        }
        index += 4
        return unit
    }

    private mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(truncatingIfNeeded: scalar))
        case 0x80..<0x800:
            scratch.append(UInt8(truncatingIfNeeded: 0xC0 | scalar >> 6))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(truncatingIfNeeded: 0xE0 | scalar >> 12))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F))
        default:
            scratch.append(UInt8(truncatingIfNeeded: 0xF0 | scalar >> 18))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | scalar >> 12 & 0x3F))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F))
        }
    }

    /// Checks the multi-byte UTF-8 sequence starting at `index` (RFC 3629:
    /// no overlong forms, no surrogates, nothing above U+10FFFF) and returns
    /// its length; throws `invalidUTF8` at the sequence's first byte.
    private func validateUTF8Sequence() throws(JSONParseError) -> Int {
        let lead = bytes[index]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default: throw JSONParseError(.invalidUTF8, at: index)
        }
        guard index + length <= bytes.count, secondRange.contains(bytes[index + 1]) else {
            throw JSONParseError(.invalidUTF8, at: index)
        }
        for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 {
            throw JSONParseError(.invalidUTF8, at: index)
        }
        return length
    }
}
