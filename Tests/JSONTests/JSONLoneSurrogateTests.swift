import JSON
import Testing

/// `JSONParseLimits.loneSurrogates`: refused by default (config, API
/// answers), read as U+FFFD with `.replace` (webhook bodies), in every
/// parse mode; well-formed pairs mean the same in both.
@Suite struct JSONLoneSurrogateTests {
    static let replacing = JSONParseLimits(loneSurrogates: .replace)

    /// A document with one string, and the string `.replace` reads.
    static let cases: [(document: String, replaced: String)] = [
        (#""\ud800""#, "\u{FFFD}"),
        (#""a\udc00b""#, "a\u{FFFD}b"),
        (#""\ud83d\u0041""#, "\u{FFFD}A"),
        (#""\udbffx""#, "\u{FFFD}x"),
        (#""x\ud800""#, "x\u{FFFD}"),
        (#""\ud800\ud800\udc00""#, "\u{FFFD}\u{10000}"),
        (#""\udc00\ud83d\ude00""#, "\u{FFFD}😀"),
        (#""\ud800\n""#, "\u{FFFD}\n"),
    ]

    @Test(arguments: cases)
    func refusedByDefaultAndReplacedWhenAsked(document: String, replaced: String) throws {
        #expect(throws: JSONParseError.self) { try JSON(parsing: document) }
        #expect(try JSON(parsing: document, limits: Self.replacing) == .string(replaced))
        let wrapped = Array(#"{"outer":{"inner":\#(document)}}"#.utf8)
        #expect(throws: JSONParseError.self) { try JSON(parsingLazily: wrapped) }
        let lazy = try JSON(parsingLazily: wrapped, limits: Self.replacing)
        #expect(lazy["outer"]?["inner"]?.stringValue == replaced)
    }

    @Test func pairsAreTheSameInBothModes() throws {
        for document in [#""\ud83d\ude00""#, #""\uD834\uDD1E""#, #""plain""#, #""\u00e9\u4e2d""#] {
            #expect(try JSON(parsing: document) == JSON(parsing: document, limits: Self.replacing))
        }
        #expect(try JSON(parsing: #""\ud83d\ude00""#, limits: Self.replacing) == "😀")
    }

    /// The minified form keeps the escape as sent; a key with one is found by its replaced name.
    @Test func minifyingKeepsTheEscapeAndKeysAreReplacedToo() throws {
        let body = Array(#"{ "a\udc00" : { "b" : "x\ud800y" } }"#.utf8)
        let (value, minified) = try JSON.parsingLazilyMinifying(body, limits: Self.replacing)
        #expect(String(decoding: minified, as: UTF8.self) == #"{"a\udc00":{"b":"x\ud800y"}}"#)
        #expect(value["a\u{FFFD}"]?["b"]?.stringValue == "x\u{FFFD}y")
        #expect(throws: JSONParseError.self) { try JSON.parsingLazilyMinifying(body) }
    }
}
