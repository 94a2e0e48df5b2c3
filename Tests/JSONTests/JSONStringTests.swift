import Foundation
import JSON
import Testing

@Suite struct JSONStringTests {
    static func string(_ document: String) throws -> String? {
        try JSON(parsing: document).stringValue
    }

    @Test func simpleEscapes() throws {
        #expect(try Self.string(#""a\"b\\c\/d\be\ff\ng\rh\ti""#) == "a\"b\\c/d\u{08}e\u{0C}f\ng\rh\ti")
    }

    @Test func unicodeEscapes() throws {
        #expect(try Self.string(#""\u00e9\u00E9""#) == "éé")
        #expect(try Self.string(#""\u0000""#) == "\u{0}")
        #expect(try Self.string(#""\u20AC""#) == "€")
        #expect(try Self.string(#""x\u0041y""#) == "xAy")
    }

    @Test func surrogatePairsCombine() throws {
        #expect(try Self.string(#""\uD83D\uDE00""#) == "😀")
        #expect(try Self.string(#""\ud834\udd1e!""#) == "𝄞!")
        #expect(try Self.string(#""\uDBFF\uDFFF""#) == "\u{10FFFF}")
    }

    @Test func rawUTF8PassesThrough() throws {
        #expect(try Self.string("\"héllo wörld € 😀 日本\"") == "héllo wörld € 😀 日本")
        #expect(try Self.string("\"\u{7F}\"") == "\u{7F}")  // DEL needs no escape
    }

    @Test func mixedEscapesAndRawUTF8() throws {
        #expect(try Self.string(#""é\n😀\t\u00e9""#) == "é\n😀\té")
    }

    @Test func emptyAndWhitespaceStrings() throws {
        #expect(try Self.string(#""""#) == "")
        #expect(try Self.string("  \"  \" \n") == "  ")
    }

    @Test func keysAreDecodedLikeValues() throws {
        let value = try JSON(parsing: #"{"a\nb": 1, "\u00e9": 2}"#)
        #expect(value.objectValue?.keys == ["a\nb", "é"])
    }

    @Test func duplicateKeysKeepFirstPositionAndLastValue() throws {
        let value = try JSON(parsing: #"{"a":1,"b":2,"a":3}"#)
        #expect(value.objectValue?.keys == ["a", "b"])
        #expect(value["a"] == 3)
    }

    @Test func duplicateKeysInLargeObjects() throws {
        // Past the object's index threshold the builder takes its indexed path.
        let members = (0..<40).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        let value = try JSON(parsing: "{\(members),\"k3\":\"again\",\"k29\":null}")
        let object = try #require(value.objectValue)
        #expect(object.count == 40)
        #expect(object.keys.first == "k0" && object.keys[3] == "k3" && object.keys.last == "k39")
        #expect(object["k3"] == "again")
        #expect(object["k29"] == .null)
        #expect(object["k17"] == 17)
    }

    @Test func textAndBytesAndDataAgree() throws {
        let text = #"{"name":"Zoë","list":[true,false,null,"\u2603"]}"#
        let fromText = try JSON(parsing: text)
        #expect(try JSON(parsing: Array(text.utf8)) == fromText)
        #expect(try JSON(parsing: Data(text.utf8)) == fromText)
        #expect(try JSON(parsing: text.utf8.lazy.map { $0 }) == fromText)
        #expect(fromText["list"]?[3] == "☃")
    }

    @Test func whitespaceAroundValues() throws {
        #expect(try JSON(parsing: " \t\r\n[ 1 , { \"a\" : 2 } ]\n ") == [1, ["a": 2]])
        #expect(try JSON(parsing: "  true ") == true)
    }
}
