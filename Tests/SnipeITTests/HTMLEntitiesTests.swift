import JSON
import SnipeIT
import Testing

/// Undoing Laravel's `e()`.
@Suite struct HTMLEntitiesTests {
    @Test(arguments: [
        ("Dell &amp; Sons", "Dell & Sons"), ("&lt;27&quot;&gt;", "<27\">"), ("O&#039;Brien", "O'Brien"),
        ("it&apos;s", "it's"), ("&#38;&#x26;&#X26;", "&&&"), ("&amp;amp;", "&amp;"), ("caf&#233;", "café"),
        ("no entities", "no entities"), ("a & b", "a & b"), ("&unknown;", "&unknown;"), ("&#0;", "&#0;"),
        ("&#xD800;", "&#xD800;"), ("trailing &", "trailing &"), ("&amp", "&amp"), ("Seán &amp; Zoë", "Seán & Zoë"),
    ])
    func unescape(escaped: String, plain: String) {
        #expect(HTMLEntities.unescape(escaped) == plain)
    }

    @Test func everyStringOfADocumentKeysAside() {
        let document: JSON = ["a&amp;b": "x &lt; y", "list": ["&quot;q&quot;", 1, nil], "nested": ["n": "&#039;"]]
        #expect(HTMLEntities.unescape(document) == ["a&amp;b": "x < y", "list": ["\"q\"", 1, nil], "nested": ["n": "'"]])
    }
}
