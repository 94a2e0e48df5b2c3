import Foundation
import JSON
import Testing
import TestSupport

/// `JSON.parsingLazilyMinifying`: the stored form of a webhook body sent as
/// is, made by the parse that validates it.
@Suite struct JSONMinifiedTests {
    static func minified(_ text: String) -> String {
        let result = try? JSON.parsingLazilyMinifying(Array(text.utf8))
        return String(decoding: result?.minified ?? Array("not JSON".utf8), as: UTF8.self)
    }

    @Test func whitespaceBetweenTokensGoesAndStringsStayByteForByte() {
        let text = " {\n\t\"a b\" : [ 1 , -2.50e3,\r\n true , null ],\n  \"s\": \"x  y\\\" \\\\\\u00e9 \\n\" } \n"
        #expect(Self.minified(text) == #"{"a b":[1,-2.50e3,true,null],"s":"x  y\" \\\u00e9 \n"}"#)
    }

    @Test func aStringEndingInAnEscapedBackslashClosesAtItsQuote() {
        #expect(Self.minified(#"[ "a\\" , "b" ]"#) == #"["a\\","b"]"#)
        #expect(Self.minified(#"{ "k" : "\"" }"#) == #"{"k":"\""}"#)
    }

    @Test func anAlreadyCompactDocumentComesBackAsIs() throws {
        #expect(Self.minified(#"{"a":[1,{"b":"c"}]}"#) == #"{"a":[1,{"b":"c"}]}"#)
        #expect(Self.minified(" 7 ") == "7")
        #expect(Self.minified(#"{ "nested" : { "deep" : [ 1 , 2 ] } }"#) == #"{"nested":{"deep":[1,2]}}"#)
    }

    @Test func aRealWebhookParsesToTheSameValueAndIsNoLargerThanTheSerializedForm() throws {
        let bytes = try SharedFiles.fixture("github/workflow_run.completed.failure.json")
        let parsed = try JSON(parsing: bytes)
        let (lazy, compact) = try JSON.parsingLazilyMinifying(Array(bytes))
        #expect(lazy == parsed)
        #expect(try JSON(parsing: compact) == parsed)
        #expect(compact.count < bytes.count)
        #expect(compact.count <= parsed.serializedBytes().count)
        #expect(!compact.contains(0x0A))
    }

    @Test func invalidInputIsAnErrorAsInTheOtherParses() {
        for text in [#"{"a": "b\"#, #"  "unterminated   "#, "{ \"a\" : [1, ] }", ""] {
            let bytes = Array(text.utf8)
            let eager = Result { () throws(JSONParseError) -> JSON in try JSON(parsing: bytes) }
            let minifying = Result { () throws(JSONParseError) -> JSON in try JSON.parsingLazilyMinifying(bytes).value }
            guard case .failure(let expected) = eager, case .failure(let error) = minifying else {
                Issue.record("\(text) was accepted")
                continue
            }
            #expect(error == expected)
        }
    }

    /// Strings are scanned 8 bytes at a time: a byte that matters at any
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
