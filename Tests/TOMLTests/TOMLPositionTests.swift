import TOML
import Testing

/// Values and keys keep where they were written, so that later errors in a
/// mapping file can point at the right line and column.
@Suite struct TOMLPositionTests {
    static let document = """
        title = "TOML"
        [owner]
        name = "Tom"
          dob = 1979-05-27T07:32:00-08:00
        [[rule]]
        name = "a"
        [[rule]]
        name = "b"
        text = \"\"\"
        line1
          {{ x }}\"\"\"
        esc = "a\\tb{{y}}"
        cont = \"\"\"\\
            hello \\
            world\"\"\"
        site.host = 'é{{h}}'
        """

    private func at(_ line: Int, _ column: Int) -> TOMLPosition { TOMLPosition(line: line, column: column) }

    @Test func valuesAndKeysOfTopLevelTables() throws {
        let root = try TOML.parse(Self.document)
        #expect(root.keys == ["title", "owner", "rule"])
        let title = try #require(root["title"])
        #expect(title.position == at(1, 9))
        #expect(title.contentPosition == at(1, 10))
        #expect(root.keyPosition("title") == at(1, 1))

        let owner = try #require(root["owner"])
        #expect(owner.position == at(2, 1))
        #expect(root.keyPosition("owner") == at(2, 2))
        let ownerTable = try #require(owner.value.tableValue)
        #expect(ownerTable["name"]?.position == at(3, 8))
        #expect(ownerTable.keyPosition("dob") == at(4, 3))
        #expect(ownerTable["dob"]?.position == at(4, 9))
        #expect(root.keyPosition("missing") == nil)
    }

    @Test func arrayOfTablesElementsPointAtTheirHeaders() throws {
        let root = try TOML.parse(Self.document)
        let rules = try #require(root["rule"])
        #expect(rules.position == at(5, 1))
        let elements = try #require(rules.value.arrayValue)
        #expect(elements.map(\.position) == [at(5, 1), at(7, 1)])
        let second = try #require(elements[1].value.tableValue)
        #expect(second["name"]?.value == .string("b"))
        #expect(second.keyPosition("text") == at(9, 1))
    }

    @Test func offsetsInsideStringsMapToSourceColumns() throws {
        let root = try TOML.parse(Self.document)
        let rule = try #require(root["rule"]?.value.arrayValue?.last?.value.tableValue)

        // The newline after the opening """ is trimmed: content starts on line 10.
        let text = try #require(rule["text"])
        #expect(text.value == .string("line1\n  {{ x }}"))
        #expect(text.contentPosition == at(10, 1))
        #expect(text.position(ofContentOffset: 0) == at(10, 1))
        #expect(text.position(ofContentOffset: 8) == at(11, 3))

        // After an escape, columns jump by the escape's length.
        let escaped = try #require(rule["esc"])
        #expect(escaped.value == .string("a\tb{{y}}"))
        #expect(escaped.position(ofContentOffset: 0) == at(12, 8))
        #expect(escaped.position(ofContentOffset: 1) == at(12, 9))
        #expect(escaped.position(ofContentOffset: 2) == at(12, 11))
        #expect(escaped.position(ofContentOffset: 3) == at(12, 12))

        // A line-ending backslash trims up to the next non-blank character.
        let continued = try #require(rule["cont"])
        #expect(continued.value == .string("hello world"))
        #expect(continued.position(ofContentOffset: 0) == at(14, 5))
        #expect(continued.position(ofContentOffset: 6) == at(15, 5))

        // Columns count Unicode scalars, not bytes.
        let site = try #require(rule["site"]?.value.tableValue)
        #expect(rule.keyPosition("site") == at(16, 1))
        #expect(site.keyPosition("host") == at(16, 6))
        let host = try #require(site["host"])
        #expect(host.position == at(16, 13))
        #expect(host.position(ofContentOffset: 1) == at(16, 15))
    }

    @Test func inlineValuesAndCRLFLines() throws {
        let root = try TOML.parse("a = [1, { b = 'x' }]\r\nc = { d.e = 2 }\r\n")
        let array = try #require(root["a"]?.value.arrayValue)
        #expect(array.map(\.position) == [at(1, 6), at(1, 9)])
        #expect(array[1].value.tableValue?["b"]?.position == at(1, 15))
        let c = try #require(root["c"]?.value.tableValue)
        #expect(root["c"]?.position == at(2, 5))
        #expect(c.keyPosition("d") == at(2, 7))
        #expect(c["d"]?.value.tableValue?.keyPosition("e") == at(2, 9))
        #expect(c["d"]?.value.tableValue?["e"]?.position == at(2, 13))
    }

    @Test func implicitTableTakesThePositionOfItsOwnHeader() throws {
        let root = try TOML.parse("[a.b]\nx = 1\n\n[a]\ny = 2\n")
        #expect(root["a"]?.position == at(4, 1))
        #expect(root.keyPosition("a") == at(4, 2))
        #expect(root["a"]?.value.tableValue?["b"]?.position == at(1, 1))
        #expect(root["a"]?.value.tableValue?.keyPosition("b") == at(1, 4))
    }
}
