import TOML
import TestSupport
import Testing

/// The decoder never crashes or hangs: every input returns a table or
/// throws a `TOMLError` with a position inside the document.
@Suite struct TOMLRobustnessTests {

    static let mapping = """
        # A mapping file like the ones users write.
        [[rule]]
        name = "ci-failure"
        source = "github"
        event = ["workflow_run", "check_suite"]
        when = 'payload.workflow_run.conclusion == "failure"'
        dedup_key = "{{ payload.repository.full_name }}#{{ payload.workflow_run.head_branch }}"

        [rule.create_bug]
        project = "${SNIFFER_PROJECT}"
        summary = \"\"\"
        CI failed on {{ payload.workflow_run.head_branch }} \\
          ({{ payload.workflow_run.name }})\"\"\"
        severity = 3
        tags = ['ci', "auto"]
        extra = { retries = 0x10, ratio = 1.5e3, at = 1979-05-27T07:32:00Z, local = 07:32:00.25 }
        reopen_window = -inf
        """

    /// Seed documents: the mapping above plus a spread of suite documents.
    static func seeds() throws -> [[UInt8]] {
        let list = try String(
            decoding: SharedFiles.bytes("conformance/toml-test/tests/files-toml-1.0.0"), as: UTF8.self)
        let valid = list.split(whereSeparator: \.isNewline).filter { $0.hasPrefix("valid/") && $0.hasSuffix(".toml") }
        var seeds = [Array(mapping.utf8)]
        for (offset, path) in valid.enumerated() where offset % 7 == 0 {
            seeds.append(try SharedFiles.bytes("conformance/toml-test/tests/\(path)"))
        }
        return seeds
    }

    static let interesting: [UInt8] = Array("[]{}\"'=.,#\\\n\r\t -+_:eE0x".utf8) + [0x00, 0x7F, 0xC3, 0xFF, 0xEF]

    static func mutate(_ document: [UInt8], _ random: inout SeededGenerator) -> [UInt8] {
        var bytes = document
        let edits = Int.random(in: 1...4, using: &random)
        for _ in 0..<edits {
            let at = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<6, using: &random) {
            case 0 where !bytes.isEmpty:
                bytes[at] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &random)
            case 1:
                bytes = Array(bytes[..<at])
            case 2:
                bytes.insert(UInt8.random(in: 0...255, using: &random), at: at)
            case 3:
                bytes.insert(interesting[Int.random(in: 0..<interesting.count, using: &random)], at: at)
            case 4 where !bytes.isEmpty:
                bytes.remove(at: at)
            default:
                // Duplicate a slice: repeats headers and keys, deepens nesting.
                let end = min(bytes.count, at + Int.random(in: 1...40, using: &random))
                bytes.insert(contentsOf: bytes[at..<end], at: at)
            }
        }
        return bytes
    }

    @Test func seededMutationsNeverCrash() throws {
        let seeds = try Self.seeds()
        #expect(seeds.count > 25)
        var random = SeededGenerator(state: 0x5EED_70AA)
        var accepted = 0
        var rejected = 0
        for round in 0..<4000 {
            let seed = seeds[round % seeds.count]
            let input = Self.mutate(seed, &random)
            let lines = input.reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            do {
                _ = try TOML.parse(bytes: input)
                accepted += 1
            } catch {
                rejected += 1
                #expect(error.position.line >= 1 && error.position.line <= lines)
                #expect(error.position.column >= 1)
                #expect(!error.message.isEmpty)
            }
        }
        #expect(accepted + rejected == 4000)
        #expect(rejected > 1000)
    }

    @Test func deepNestingIsRejectedNotOverflowed() {
        let deepArray = "a = " + String(repeating: "[", count: 100_000)
        #expect(throws: TOMLError.self) { try TOML.parse(deepArray) }
        let deepInline = "a = " + String(repeating: "{b=", count: 100_000)
        #expect(throws: TOMLError.self) { try TOML.parse(deepInline) }
        let deepKey = String(repeating: "k.", count: 100_000) + "k = 1"
        #expect(throws: TOMLError.self) { try TOML.parse(deepKey) }
        let deepHeader = "[" + String(repeating: "k.", count: 100_000) + "k]"
        #expect(throws: TOMLError.self) { try TOML.parse(deepHeader) }
        let nested = String(repeating: "[", count: 50) + String(repeating: "]", count: 50)
        #expect(throws: Never.self) { try TOML.parse("a = " + nested) }
    }

    /// Positions are computed for every value; on one very long line that
    /// must not cost the length of the line each time.
    @Test func longSingleLineArrayDecodes() throws {
        let count = 20_000
        let elements = (0..<count).map { "'é\($0)'" }
        let text = "a = [" + elements.joined(separator: ",") + "]"
        let array = try #require(try TOML.parse(text)["a"]?.value.arrayValue)
        #expect(array.count == count)
        let before = "a = [" + elements.dropLast().joined(separator: ",") + ","
        #expect(array.last?.position == TOMLPosition(line: 1, column: before.unicodeScalars.count + 1))
        #expect(array.last?.value == .string("é\(count - 1)"))
    }

    @Test func everyTruncationOfTheMappingDecodesOrThrows() {
        let bytes = Array(Self.mapping.utf8)
        var outcomes = 0
        for end in 0...bytes.count {
            do {
                _ = try TOML.parse(bytes: Array(bytes[..<end]))
            } catch {
                #expect(error.position.line >= 1)
            }
            outcomes += 1
        }
        #expect(outcomes == bytes.count + 1)
        #expect((try? TOML.parse(Self.mapping)) != nil)
    }
}
