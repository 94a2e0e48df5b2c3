import Foundation
import JSON
import Rules
import TestSupport
import Testing

/// Thousands of seeded random mutations of valid expressions and templates:
/// the parser, checker and evaluator must answer each with a value or an
/// error, never a crash or a hang.
@Suite struct RobustnessTests {
    static let expressions = [
        "payload.workflow_run.conclusion in ['failure', 'timed_out'] && !payload.repository.private",
        "headers[\"x-github-event\"] == 'workflow_run' ? lower(payload.workflow_run.name) : 'x'",
        "matches(payload.workflow_run.head_branch, '^(main|release/.*)$') || payload.count >= 3",
        "payload.commits[0].message | split('\\n') | first | truncate(72)",
        "default(payload.missing, 'n/a') ?? join(pluck(payload.commits, 'id'), ', ')",
        "len(payload.commits) > 1 && find(payload.commits, 'id', 'abc123').message != null",
        "'\\u{1F600}' + \"\\t\" ",
    ]
    static let templates = [
        "CI failed: {{ payload.workflow_run.name }} on {{ payload.workflow_run.head_branch | upper }}",
        "{{ \"{{\" }} literal and {{ '}}' }} and {{ payload.commits[-1].id }}\nline two {{ json(payload.workflow_run.labels) }}",
        "{{ payload.count > 1 ? 'many' : 'few' }} {{ replace(payload.repository.full_name, '/', ':') }}",
    ]
    /// Bytes that matter to the lexer and template scanner.
    static let alphabet: [String] = [
        "{", "}", "{{", "}}", "(", ")", "[", "]", "'", "\"", "\\", ".", ",", "|", "||", "&", "&&", "?", "??",
        ":", "!", "=", "==", "<", ">", "-", "0", "9", "1e", "a", "in", "null", " ", "\n", "\u{0}", "é", "😀",
        "\\u{", "payload", "(((", "]]]",
    ]

    static func mutate(_ text: String, _ rng: inout SeededGenerator) -> String {
        var chars = Array(text)
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let position = chars.isEmpty ? 0 : Int.random(in: 0...chars.count, using: &rng)
            switch Int.random(in: 0..<5, using: &rng) {
            case 0 where position < chars.count:
                chars.remove(at: position)
            case 1:
                let piece = alphabet.randomElement(using: &rng) ?? "x"
                chars.insert(contentsOf: piece, at: position)
            case 2 where chars.count > 2:
                let a = Int.random(in: 0..<chars.count, using: &rng)
                let b = Int.random(in: 0..<chars.count, using: &rng)
                chars.swapAt(a, b)
            case 3 where position < chars.count:
                let end = min(chars.count, position + Int.random(in: 1...8, using: &rng))
                chars.insert(contentsOf: chars[position..<end], at: position)
            default:
                if position < chars.count, let c = (alphabet.randomElement(using: &rng) ?? "x").first { chars[position] = c }
            }
        }
        return String(chars)
    }

    @Test func mutatedExpressionsNeverCrash() {
        var rng = SeededGenerator(state: 0x5EED_0001)
        var parsed = 0
        var rejected = 0
        for round in 0..<4000 {
            let base = Self.expressions[round % Self.expressions.count]
            let text = Self.mutate(base, &rng)
            do {
                let compiled = try CompiledExpression.compile(text)
                parsed += 1
                _ = try? compiled.evaluate(Fixtures.sample)
            } catch {
                rejected += 1
                #expect(!error.lines.isEmpty)
            }
        }
        #expect(parsed + rejected == 4000)
        #expect(rejected > 0)
    }

    @Test func mutatedTemplatesNeverCrash() {
        var rng = SeededGenerator(state: 0x5EED_0002)
        var accepted = 0
        for round in 0..<3000 {
            let text = Self.mutate(Self.templates[round % Self.templates.count], &rng)
            var bag = DiagnosticBag()
            let origin = SourceLocation(file: "f.toml", line: 1, column: 1)
            if let template = Template.compile(text, origin: origin, diagnostics: &bag) {
                accepted += 1
                _ = try? template.render(Fixtures.sample)
            } else {
                #expect(!bag.isEmpty)
            }
        }
        #expect(accepted > 0)
    }

    @Test func mutatedMappingFilesNeverCrash() throws {
        let path = SharedFiles.packageRoot.appendingPathComponent("mappings/github-actions.toml").path
        let original = try String(contentsOfFile: path, encoding: .utf8)
        let event = try Fixtures.githubEvent("github/workflow_run.completed.failure.json")
        var rng = SeededGenerator(state: 0x5EED_0004)
        var compiled = 0
        var rejected = 0
        for _ in 0..<400 {
            var compiler = MappingCompiler(environment: [:], sources: Fixtures.sources)
            compiler.add(file: "m.toml", text: Self.mutate(original, &rng))
            do {
                let set = try compiler.finish()
                compiled += 1
                _ = set.evaluate(event, explain: true)
            } catch {
                rejected += 1
                #expect(error.lines.allSatisfy { $0.hasPrefix("m.toml:") || $0.hasSuffix("truncated") })
            }
        }
        #expect(compiled + rejected == 400)
        #expect(rejected > 0)
    }

    @Test func randomBytesNeverCrash() {
        var rng = SeededGenerator(state: 0x5EED_0003)
        for _ in 0..<2000 {
            let bytes = (0..<Int.random(in: 0..<40, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let text = String(decoding: bytes, as: UTF8.self)
            _ = try? CompiledExpression.compile(text)
            _ = try? Template.compile("{{" + text + "}}")
        }
        // A deep but bounded nest still returns (an error) rather than overflowing.
        #expect(throws: LoadError.self) { try CompiledExpression.compile(String(repeating: "[", count: 100_000)) }
    }
}
