import TOML
import Testing

/// Common mistakes give `line:col: message` saying what was expected.
@Suite struct TOMLErrorMessageTests {
    /// The description of the error `text` is rejected with.
    private func failure(_ text: String) -> String? {
        do {
            _ = try TOML.parse(text)
            return nil
        } catch {
            return error.description
        }
    }

    @Test(arguments: [
        ("name \"x\"", #"1:6: expected '=' after key "name", found '"'"#),
        ("[server]\nport = 1\n[server]\n", "3:1: table [server] defined twice (first at 1:1)"),
        ("a = 1\na = 2\n", #"2:1: key "a" defined twice (first at 1:1)"#),
        ("a = hello", #"1:5: expected a value after '=' of key "a", found 'hello' (strings must be quoted)"#),
        ("a = \"abc", "1:9: expected \" to close the basic string opened at 1:5, found end of file"),
        ("a = [1, 2", "1:10: expected ',' or ']' after array element, found end of file (array opened at 1:5)"),
        ("a = {b = 1,}", "1:12: expected a key after ',' in inline table, found '}' (trailing commas are not allowed)"),
        ("a = 1979-02-29", "1:5: invalid date: day 29 is not in 1...28 for month 2 of 1979"),
        ("a = 0123", "1:5: invalid number '0123': leading zeros are not allowed"),
        ("a = 1__0", "1:5: invalid number '1__0': underscores must sit between digits"),
        ("a = 9223372036854775808", "1:5: integer '9223372036854775808' does not fit in 64 bits"),
        (#"a = "\q""#, #"1:6: invalid escape sequence '\' followed by 'q'; expected one of \b \t \n \f \r \" \\ \uXXXX \UXXXXXXXX"#),
        ("x = 1 y = 2", #"1:7: expected end of line after value of key "x", found 'y'"#),
        ("[a]\nb = 1\n[a.b]\n", #"3:1: cannot define table [a.b]: key "b" is already an integer (defined at 2:1)"#),
        ("a.b = 1\n[a]\n", #"2:1: cannot define table [a]: key "a" is already a table defined by dotted keys (defined at 1:1)"#),
        ("[[a]]\n[a]\n", #"2:1: cannot define table [a]: key "a" is already an array of tables (defined at 1:3)"#),
        ("a = {x = 1}\na.y = 2\n", #"2:1: cannot add key "a.y": "a" is already an inline table (defined at 1:1)"#),
        ("\"é\" = 1 x", #"1:9: expected end of line after value of key "é", found 'x'"#),
        ("a = 1\n# bad \u{01}\n", "2:7: control character U+0001 is not allowed in a comment"),
        ("a = 07:32", "1:10: expected ':' in time, found end of file"),
        ("[a\n", "1:3: expected ']' to close table header [a], found end of line"),
        ("a = { b = 1\n}", "1:12: expected ',' or '}' in inline table opened at 1:5, found end of line (inline tables must be on one line)"),
        ("= 1", "1:1: expected a key, found '='"),
    ])
    func messages(text: String, expected: String) {
        #expect(failure(text) == expected)
    }

    @Test func invalidUTF8IsRejectedWithItsPosition() {
        let bytes: [UInt8] = Array("a = 1\nb = \"".utf8) + [0xC3, 0x28] + Array("\"".utf8)
        #expect(throws: TOMLError(position: TOMLPosition(line: 2, column: 6), message: "invalid UTF-8: byte 0xC3 at offset 11")) {
            try TOML.parse(bytes: bytes)
        }
    }

    @Test func byteOrderMarkIsSkippedOnlyAtTheStart() throws {
        let table = try TOML.parse(bytes: [0xEF, 0xBB, 0xBF] + Array("a = 1".utf8))
        #expect(table["a"]?.value == .integer(1))
        #expect(throws: TOMLError.self) { try TOML.parse(bytes: Array("a = 1\n".utf8) + [0xEF, 0xBB, 0xBF]) }
    }
}
