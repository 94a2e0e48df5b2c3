import Foundation
import JSON
import Testing
import TestSupport

/// `JSON.minified(validJSON:)`: the stored form of a webhook body sent as is.
@Suite struct JSONMinifiedTests {
    static func minified(_ text: String) -> String {
        String(decoding: JSON.minified(validJSON: Array(text.utf8)), as: UTF8.self)
    }

    @Test func whitespaceBetweenTokensGoesAndStringsStayByteForByte() {
        let text = " {\n\t\"a b\" : [ 1 , -2.50e3,\r\n true , null ],\n  \"s\": \"x  y\\\" \\\\\\u00e9 \\n\" } \n"
        #expect(Self.minified(text) == #"{"a b":[1,-2.50e3,true,null],"s":"x  y\" \\\u00e9 \n"}"#)
    }

    @Test func aStringEndingInAnEscapedBackslashClosesAtItsQuote() {
        #expect(Self.minified(#"[ "a\\" , "b" ]"#) == #"["a\\","b"]"#)
        #expect(Self.minified(#"{ "k" : "\"" }"#) == #"{"k":"\""}"#)
    }

    @Test func emptyAndAlreadyCompactInputs() {
        #expect(JSON.minified(validJSON: []).isEmpty)
        #expect(Self.minified(#"{"a":[1,{"b":"c"}]}"#) == #"{"a":[1,{"b":"c"}]}"#)
    }

    @Test func aRealWebhookParsesToTheSameValueAndIsNoLargerThanTheSerializedForm() throws {
        let bytes = try SharedFiles.fixture("github/workflow_run.completed.failure.json")
        let parsed = try JSON(parsing: bytes)
        let compact = JSON.minified(validJSON: Array(bytes))
        #expect(try JSON(parsing: compact) == parsed)
        #expect(compact.count < bytes.count)
        #expect(compact.count <= parsed.serializedBytes().count)
        #expect(!compact.contains(0x0A))
    }

    @Test func truncatedInputDoesNotCrash() {
        // Not valid JSON: the output is unspecified, but the call is memory-safe.
        #expect(Self.minified(#"{"a": "b\"#) == #"{"a":"b\"#)
        #expect(Self.minified(#"  "unterminated   "#) == #""unterminated   "#)
    }

    /// Strings are scanned 16 bytes at a time: a byte that matters at any
    /// offset of a long string (escape, non-ASCII, control, closing quote) is found.
    @Test func aSpecialByteAtEveryOffsetOfALongStringIsSeen() throws {
        for offset in 0..<40 {
            let before = String(repeating: "a", count: offset)
            let after = String(repeating: "b", count: (offset * 7) % 23)
            for (raw, decoded) in [(#"\""#, "\""), (#"\\"#, "\\"), ("é", "é"), (#"\n"#, "\n"), ("", "")] {
                let text = "[ \"\(before)\(raw)\(after)\" , 1 ]"
                #expect(try JSON(parsing: text) == [.string(before + decoded + after), 1])
                #expect(Self.minified(text) == "[\"\(before)\(raw)\(after)\",1]")
            }
            let control = Array("[\"\(before)".utf8) + [0x01] + Array("\(after)\"]".utf8)
            #expect(throws: JSONParseError.self) { try JSON(parsing: control) }
            let invalid = Array("[\"\(before)".utf8) + [0xFF] + Array("\(after)\"]".utf8)
            #expect(throws: JSONParseError.self) { try JSON(parsing: invalid) }
        }
    }
}
