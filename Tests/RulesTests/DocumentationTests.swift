import Foundation
import JSON
import Rules
import TestSupport
import Testing

/// Runs the examples of docs/MAPPINGS.md: every `toml example=NAME` block is
/// compiled; its `json payload=NAME` is evaluated and compared with
/// `json expect=NAME`, or its load errors with `text errors=NAME`; every line
/// `EXPR ==> JSON` of an `expressions NAME` block is evaluated against that
/// example's payload.
@Suite struct DocumentationTests {
    struct Block {
        var info: [String: String]
        var kind: String
        var body: String
    }

    static func blocks() throws -> [Block] {
        let url = SharedFiles.packageRoot.appendingPathComponent("docs/MAPPINGS.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        var blocks: [Block] = []
        var current: Block? = nil
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") {
                if var block = current {
                    if block.body.hasSuffix("\n") { block.body.removeLast() }
                    blocks.append(block)
                    current = nil
                } else {
                    let words = line.dropFirst(3).split(separator: " ").map(String.init)
                    var info: [String: String] = [:]
                    for word in words.dropFirst() {
                        let pair = word.split(separator: "=", maxSplits: 1).map(String.init)
                        info[pair[0]] = pair.count > 1 ? pair[1] : ""
                    }
                    current = Block(info: info, kind: words.first ?? "", body: "")
                }
            } else if current != nil {
                current?.body += line + "\n"
            }
        }
        return blocks
    }

    static func event(_ block: Block) throws -> RuleEvent {
        RuleEvent(
            source: block.info["source"] ?? "", name: block.info["event"] ?? "",
            headers: EventHeaders([("X-GitHub-Event", block.info["event"] ?? "")]),
            payload: try JSON(parsing: block.body))
    }

    @Test func examplesProduceTheDocumentedActionsAndErrors() throws {
        let blocks = try Self.blocks()
        let examples = blocks.filter { $0.kind == "toml" && $0.info["example"] != nil }
        #expect(examples.count >= 4)
        var checked = 0
        for example in examples {
            let name = example.info["example"] ?? ""
            var compiler = MappingCompiler(environment: [:], sources: Fixtures.sources)
            compiler.add(file: "MAPPINGS.md", text: example.body)
            if let errors = blocks.first(where: { $0.info["errors"] == name }) {
                #expect(compiler.bag.rendered == errors.body.split(separator: "\n").map(String.init), "example \(name)")
                checked += 1
                continue
            }
            let set = try compiler.finish()
            let payload = try #require(blocks.first { $0.info["payload"] == name }, "no payload for \(name)")
            let expected = try #require(blocks.first { $0.info["expect"] == name }, "no expected actions for \(name)")
            let result = set.evaluate(try Self.event(payload))
            #expect(result.failures.isEmpty, "example \(name)")
            #expect(result.actionsJSON == (try JSON(parsing: expected.body)), "example \(name)")
            checked += 1
        }
        #expect(checked == examples.count)
    }

    @Test func expressionExamplesEvaluateAsDocumented() throws {
        let blocks = try Self.blocks()
        let tables = blocks.filter { $0.kind == "expressions" }
        #expect(!tables.isEmpty)
        for table in tables {
            let name = table.info.keys.first ?? ""
            let payload = try #require(blocks.first { $0.info["payload"] == name })
            let event = try Self.event(payload)
            for line in table.body.split(separator: "\n") {
                let parts = line.components(separatedBy: "==>")
                try #require(parts.count == 2, "malformed example line: \(line)")
                let expression = parts[0].trimmingCharacters(in: .whitespaces)
                let expected = try JSON(parsing: parts[1].trimmingCharacters(in: .whitespaces))
                #expect(try CompiledExpression.compile(expression).evaluate(event) == expected, "\(expression)")
            }
        }
    }
}
