import JSON
import Testing

/// Every way a document is rejected: the reason, the byte offset and the message.
@Suite struct JSONParseErrorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let input: [UInt8]
        let reason: JSONParseError.Reason
        let offset: Int
        let message: String
        var testDescription: String { message }

        init(_ text: String, _ reason: JSONParseError.Reason, _ offset: Int, _ message: String) {
            self.init(bytes: Array(text.utf8), reason, offset, message)
        }

        init(bytes: [UInt8], _ reason: JSONParseError.Reason, _ offset: Int, _ message: String) {
            input = bytes
            self.reason = reason
            self.offset = offset
            self.message = message
        }
    }

    static let cases: [Case] = [
        Case("[1,}", .unexpectedByte(0x7D), 3, "unexpected '}' at byte 3"),
        Case("[1 2]", .unexpectedByte(0x32), 3, "unexpected '2' at byte 3"),
        Case("{\"a\" 1}", .unexpectedByte(0x31), 5, "unexpected '1' at byte 5"),
        Case("{1:2}", .unexpectedByte(0x31), 1, "unexpected '1' at byte 1"),
        Case("{\"a\":1,}", .unexpectedByte(0x7D), 7, "unexpected '}' at byte 7"),
        Case("[1]]", .trailingCharacters, 3, "trailing characters at byte 3"),
        Case("{\"a\":1} x", .trailingCharacters, 8, "trailing characters at byte 8"),
        Case("[1}", .unexpectedByte(0x7D), 2, "unexpected '}' at byte 2"),
        Case("{\"a\":1]", .unexpectedByte(0x5D), 6, "unexpected ']' at byte 6"),
        Case(".5", .unexpectedByte(0x2E), 0, "unexpected '.' at byte 0"),
        Case("+1", .unexpectedByte(0x2B), 0, "unexpected '+' at byte 0"),
        Case(bytes: [0x5B, 0x01, 0x5D], .unexpectedByte(0x01), 1, "unexpected byte 0x01 at byte 1"),
        Case(bytes: [0x5B, 0x20, 0xFF], .unexpectedByte(0xFF), 2, "unexpected byte 0xFF at byte 2"),
        Case("\u{0C}1", .unexpectedByte(0x0C), 0, "unexpected byte 0x0C at byte 0"),
        Case("", .unexpectedEnd, 0, "unexpected end of document at byte 0"),
        Case("  ", .unexpectedEnd, 2, "unexpected end of document at byte 2"),
        Case("[1,2", .unexpectedEnd, 4, "unexpected end of document at byte 4"),
        Case("{\"a\":", .unexpectedEnd, 5, "unexpected end of document at byte 5"),
        Case("{\"a\"", .unexpectedEnd, 4, "unexpected end of document at byte 4"),
        Case("{", .unexpectedEnd, 1, "unexpected end of document at byte 1"),
        Case("tru", .unexpectedEnd, 3, "unexpected end of document at byte 3"),
        Case("[trux]", .unexpectedByte(0x78), 4, "unexpected 'x' at byte 4"),
        Case("nul", .unexpectedEnd, 3, "unexpected end of document at byte 3"),
        Case("fals e", .unexpectedByte(0x20), 4, "unexpected byte 0x20 at byte 4"),
        Case("[\"abc", .unterminatedString, 1, "unterminated string starting at byte 1"),
        Case("\"abc\\", .unterminatedString, 0, "unterminated string starting at byte 0"),
        Case("\"a\\qb\"", .invalidEscape(0x71), 2, "invalid escape \\q at byte 2"),
        Case("\"\\u12G4\"", .invalidUnicodeEscape, 1, "invalid \\u escape (needs four hex digits) at byte 1"),
        Case("\"\\u12\"", .invalidUnicodeEscape, 1, "invalid \\u escape (needs four hex digits) at byte 1"),
        Case("\"\\uD800\"", .loneSurrogate(0xD800), 1, "lone surrogate \\uD800 at byte 1"),
        Case("\"ab\\uDC00\"", .loneSurrogate(0xDC00), 3, "lone surrogate \\uDC00 at byte 3"),
        Case("\"\\uD83D\\u0041\"", .loneSurrogate(0xD83D), 1, "lone surrogate \\uD83D at byte 1"),
        Case("\"\\uDBFFx\"", .loneSurrogate(0xDBFF), 1, "lone surrogate \\uDBFF at byte 1"),
        Case("\"a\nb\"", .controlCharacter(0x0A), 2, "unescaped control character 0x0A in string at byte 2"),
        Case("\"\\n\t\"", .controlCharacter(0x09), 3, "unescaped control character 0x09 in string at byte 3"),
        Case(bytes: [0x22, 0x61, 0xFF, 0x22], .invalidUTF8, 2, "invalid UTF-8 at byte 2"),
        Case(bytes: [0x22, 0x5C, 0x6E, 0xC3, 0x22], .invalidUTF8, 3, "invalid UTF-8 at byte 3"),
        Case("01", .invalidNumber, 0, "invalid number at byte 0"),
        Case("[-]", .invalidNumber, 1, "invalid number at byte 1"),
        Case("-", .invalidNumber, 0, "invalid number at byte 0"),
        Case("1.", .invalidNumber, 0, "invalid number at byte 0"),
        Case("[1.e5]", .invalidNumber, 1, "invalid number at byte 1"),
        Case("1e", .invalidNumber, 0, "invalid number at byte 0"),
        Case("1e+", .invalidNumber, 0, "invalid number at byte 0"),
        Case("-a", .invalidNumber, 0, "invalid number at byte 0"),
        Case("[1e400]", .numberOutOfRange, 1, "number out of range at byte 1"),
        Case("-1e309", .numberOutOfRange, 0, "number out of range at byte 0"),
    ]

    @Test(arguments: cases)
    func rejects(_ testCase: Case) throws {
        let error = try #require(throws: JSONParseError.self) { try JSON(parsing: testCase.input) }
        #expect(error.reason == testCase.reason)
        #expect(error.offset == testCase.offset)
        #expect(error.description == testCase.message)
    }

    /// Each malformed UTF-8 form inside a string, reported at its first byte.
    @Test(arguments: [
        [0x80],  // continuation byte without a lead
        [0xC0, 0x80],  // overlong NUL
        [0xC1, 0xBF],  // overlong
        [0xE0, 0x80, 0xAF],  // overlong three-byte form
        [0xED, 0xA0, 0x80],  // encoded surrogate U+D800
        [0xF0, 0x80, 0x80, 0xAF],  // overlong four-byte form
        [0xF4, 0x90, 0x80, 0x80],  // above U+10FFFF
        [0xF5, 0x80, 0x80, 0x80],  // invalid lead
        [0xE2, 0x82],  // truncated by the closing quote
        [0xE2, 0x28, 0xA1],  // bad second byte
        [0xF0, 0x9F, 0x98, 0x28],  // bad fourth byte
    ] as [[UInt8]])
    func rejectsMalformedUTF8(_ sequence: [UInt8]) throws {
        let document: [UInt8] = Array("[\"ok".utf8) + sequence + Array("\"]".utf8)
        let error = try #require(throws: JSONParseError.self) { try JSON(parsing: document) }
        #expect(error == JSONParseError(.invalidUTF8, at: 4))
        #expect(error.description == "invalid UTF-8 at byte 4")
    }

    @Test func truncatedUTF8AtTheEndIsInvalid() throws {
        let error = try #require(throws: JSONParseError.self) { try JSON(parsing: [0x22, 0xE2, 0x82] as [UInt8]) }
        #expect(error == JSONParseError(.invalidUTF8, at: 1))
    }

    @Test func offsetsCountBytesNotCharacters() throws {
        // "é" is two bytes, "😀" four: the brace sits at byte 12.
        let error = try #require(throws: JSONParseError.self) { try JSON(parsing: "[\"é😀\",  }") }
        #expect(error.description == "unexpected '}' at byte 12")
    }

    @Test func errorsAreThrownFromEveryEntryPoint() throws {
        let text = "{\"a\": [1, 2,, 3]}"
        let expected = JSONParseError(.unexpectedByte(0x2C), at: 12)
        #expect(throws: expected) { try JSON(parsing: text) }
        #expect(throws: expected) { try JSON(parsing: Array(text.utf8)) }
        #expect(throws: expected) { try JSON(parsing: Array(text.utf8)[...]) }
        #expect(throws: expected) { try JSON(parsing: text.utf8.lazy.map { $0 }) }
    }
}

@Suite struct JSONParseErrorLocationTests {
    @Test func lineAndColumnAreWorkedOutFromTheOffset() throws {
        let document = Array("{\n  \"a\": [1,\n    }\n}".utf8)
        let error = try #require(throws: JSONParseError.self) { try JSON(parsing: document) }
        #expect(error.description == "unexpected '}' at byte 17")
        #expect(error.location(in: document) == (line: 3, column: 5))
        #expect(JSONParseError(.unexpectedEnd, at: 0).location(in: document) == (line: 1, column: 1))
    }
}
