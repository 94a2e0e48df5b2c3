import JSON
import TestSupport
import Testing

/// Damaged input never crashes the parser and is reported inside the document.
@Suite struct JSONRobustnessTests {
    @Test func everyTruncationOfAnObjectIsRejected() throws {
        let document = try SharedFiles.fixture("github/ping.repo.json")
        let end = try #require(document.lastIndex(of: UInt8(ascii: "}")))
        var wrong: [Int] = []
        for length in 0...end {
            do {
                _ = try JSON(parsing: document[..<length])
                wrong.append(length)
            } catch {
                if error.offset > length { wrong.append(length) }
            }
        }
        #expect(wrong.isEmpty, "prefixes accepted or misplaced: \(wrong.prefix(10))")
        #expect(try JSON(parsing: document[...end]).objectValue != nil)
    }

    @Test func randomlyDamagedDocumentsReturnWithAnOffsetInRange() {
        var random = RandomJSON(generator: SeededGenerator(state: 0xBAD_5EED))
        var misplaced: [String] = []
        var rejected = 0
        for _ in 0..<2000 {
            var bytes = random.value().serializedBytes()
            for _ in 0...Int.random(in: 0...2, using: &random.generator) where !bytes.isEmpty {
                let at = Int.random(in: 0..<bytes.count, using: &random.generator)
                switch Int.random(in: 0..<3, using: &random.generator) {
                case 0: bytes[at] = random.damageByte()
                case 1: bytes.remove(at: at)
                default: bytes.removeSubrange(at...)
                }
            }
            do {
                _ = try JSON(parsing: bytes)
            } catch {
                rejected += 1
                if !(0...bytes.count).contains(error.offset) { misplaced.append("\(error) in \(bytes.count) bytes") }
            }
        }
        #expect(rejected > 1000, "the damage should break most documents")
        #expect(misplaced.isEmpty, "\(misplaced.prefix(5))")
    }
}
