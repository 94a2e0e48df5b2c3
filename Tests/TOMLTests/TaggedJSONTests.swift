import Foundation
import TOML
import Testing

/// The conformance comparator itself must notice differences, or the suite
/// would pass vacuously.
@Suite struct TaggedJSONTests {
    private func node(_ text: String) throws -> TOMLNode {
        TOMLNode(value: .table(try TOML.parse(text)), position: TOMLPosition(line: 1, column: 1))
    }

    private func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    @Test func matchingDocumentsCompareEqual() throws {
        let decoded = try node("a = 1\nb = 1979-05-27 07:32:00z\nc = [nan]\n[t]\nd = 'x'")
        let expected = try json(#"""
            {"a": {"type": "integer", "value": "1"},
             "b": {"type": "datetime", "value": "1979-05-27T07:32:00.000Z"},
             "c": [{"type": "float", "value": "nan"}],
             "t": {"d": {"type": "string", "value": "x"}}}
            """#)
        #expect(TaggedJSON.mismatch(decoded, expected, path: "") == nil)
    }

    @Test(arguments: [
        #"{"a": {"type": "integer", "value": "2"}}"#,
        #"{"a": {"type": "float", "value": "1"}}"#,
        #"{"a": {"type": "integer", "value": "1"}, "b": {"type": "integer", "value": "1"}}"#,
        #"{"a": [{"type": "integer", "value": "1"}]}"#,
        #"{}"#,
    ])
    func differencesAreReported(expected: String) throws {
        #expect(TaggedJSON.mismatch(try node("a = 1"), try json(expected), path: "") != nil)
    }
}
