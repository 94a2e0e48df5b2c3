import Config
import Foundation
import Rules
import TestSupport
import Testing

/// The config keys the docs list against `ConfigSchema`, the list the loader
/// checks every table against: docs/OPERATIONS.md's configuration table and
/// docs/MAPPINGS.md's "The config file, as `check` validates it". Every key a
/// table documents is one the loader accepts, and every key the loader
/// accepts is documented, table by table.
@Suite struct ConfigDocumentationTests {
    /// One row of a docs table: the config tables its first cell names and the
    /// keys its second cell lists.
    struct Row {
        var file: String
        var line: Int
        var tables: [String]
        var keys: [String]
    }

    struct NoTable: Error, CustomStringConvertible {
        let file: String
        let header: String
        var description: String { "\(file) has no table whose header is \(header)" }
    }

    /// The rows of the Markdown table in `file` (relative to the package root)
    /// whose header row is `header`. `[sources.<name>]` stands for every
    /// known source; text in parentheses (defaults, remarks) is not a key.
    static func rows(_ file: String, header: String) throws -> [Row] {
        let url = SharedFiles.packageRoot.appendingPathComponent(file)
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(where: { cells(of: $0) == cells(of: Substring(header)) }) else {
            throw NoTable(file: file, header: header)
        }
        var rows: [Row] = []
        for index in (start + 2)..<lines.count {
            let cells = cells(of: lines[index])
            guard cells.count >= 2 else { break }
            var tables = backticked(cells[0])
            if cells[0] == "top level" { tables = ["top level"] }
            tables = tables.flatMap { table in
                table == "[sources.<name>]" ? ConfigSchema.sources.map { "[sources.\($0.name)]" } : [table]
            }
            rows.append(Row(file: file, line: index + 1, tables: tables, keys: backticked(withoutParentheses(cells[1]))))
        }
        return rows
    }

    /// The trimmed cells of a `| a | b |` line; empty when it is not a table row.
    static func cells(of line: Substring) -> [String] {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("|"), trimmed.hasSuffix("|"), trimmed.count > 1 else { return [] }
        return trimmed.dropFirst().dropLast().split(separator: "|", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// Every `code span` of `text`.
    static func backticked(_ text: String) -> [String] {
        let parts = text.split(separator: "`", omittingEmptySubsequences: false)
        return stride(from: 1, to: parts.count, by: 2).map { String(parts[$0]) }
    }

    /// `text` with every parenthesised part (nested ones too) removed.
    static func withoutParentheses(_ text: String) -> String {
        var depth = 0
        var kept = ""
        for character in text {
            if character == "(" { depth += 1 } else if character == ")" { depth = max(0, depth - 1) } else if depth == 0 {
                kept.append(character)
            }
        }
        return kept
    }

    /// The keys the rows document, per config table, each with the row that lists it.
    static func documented(_ rows: [Row]) -> [String: [String: Row]] {
        var tables: [String: [String: Row]] = [:]
        for row in rows {
            for table in row.tables {
                for key in row.keys { tables[table, default: [:]][key] = row }
            }
        }
        return tables
    }

    static let tables: [(file: String, header: String)] = [
        ("docs/OPERATIONS.md", "| section | settings | notes |"),
        ("docs/MAPPINGS.md", "| section | keys |"),
    ]

    @Test(arguments: tables)
    func everyDocumentedKeyIsAcceptedAndEveryAcceptedKeyIsDocumented(file: String, header: String) throws {
        let rows = try Self.rows(file, header: header)
        #expect(rows.count >= 8, "\(file): the configuration table was not found whole")
        for row in rows {
            #expect(!row.tables.isEmpty, "\(file):\(row.line): no section in the first cell")
            #expect(!row.keys.isEmpty, "\(file):\(row.line): no `key` in the second cell")
        }
        let documented = Self.documented(rows)
        let schema = ConfigSchema.tables
        for (table, keys) in documented.sorted(by: { $0.key < $1.key }) {
            guard let accepted = schema[table] else {
                Issue.record("\(file):\(keys.values.first?.line ?? 0): \(table) is not a table the loader knows")
                continue
            }
            for (key, row) in keys.sorted(by: { $0.key < $1.key }) where !accepted.contains(key) {
                Issue.record("\(file):\(row.line): \(table) `\(key)` is documented but the loader refuses it")
            }
        }
        for (table, accepted) in schema.sorted(by: { $0.key < $1.key }) {
            let listed = Set(documented[table]?.keys.map { $0 } ?? [])
            for key in accepted.subtracting(listed).sorted() {
                Issue.record("\(file): \(table) `\(key)` is accepted by the loader but not in the table")
            }
        }
    }

    @Test func theParserReadsRowsAsTheDocsWriteThem() {
        #expect(Self.cells(of: "| `[server]` | `listen`, `max_body_bytes` | see (`x`) |") == ["`[server]`", "`listen`, `max_body_bytes`", "see (`x`)"])
        #expect(Self.backticked("`token` or `token_file`, `project`") == ["token", "token_file", "project"])
        #expect(Self.backticked(Self.withoutParentheses("`durability` (`\"fsync\"` or (`\"os\"`))")) == ["durability"])
        #expect(Self.cells(of: "not a row").isEmpty)
    }

    /// "Sniffer API conventions" names the `[sniffer]` key of every name it
    /// calls configurable.
    @Test func theSnifferConventionsNameTheirConfigKeys() throws {
        let url = SharedFiles.packageRoot.appendingPathComponent("docs/OPERATIONS.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        let start = try #require(text.range(of: "## Sniffer API conventions"))
        let end = text.range(of: "\n## ", range: start.upperBound..<text.endIndex)?.lowerBound ?? text.endIndex
        let spans = Set(Self.backticked(String(text[start.upperBound..<end])))
        for key in ConfigSchema.integrationKeyNames {
            #expect(spans.contains(key), "\"Sniffer API conventions\" does not name `\(key)`")
        }
    }
}
