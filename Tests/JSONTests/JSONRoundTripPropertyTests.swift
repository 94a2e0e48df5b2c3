import JSON
import TestSupport
import Testing

@Suite struct JSONRoundTripPropertyTests {
    /// Same member order at every level (equality ignores order, so check it apart).
    static func sameOrder(_ a: JSON, _ b: JSON) -> Bool {
        switch (a, b) {
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { sameOrder($0, $1) }
        case (.object(let x), .object(let y)):
            return x.keys == y.keys && zip(x.values, y.values).allSatisfy { sameOrder($0, $1) }
        default: return true
        }
    }

    @Test func randomValuesSurviveEveryLayout() throws {
        var random = RandomJSON(generator: SeededGenerator(state: 0x5EED_0001))
        let layouts: [JSONSerializationOptions] = [[], .pretty, .sortedKeys, [.pretty, .sortedKeys]]
        var failures: [String] = []
        for round in 0..<3000 {
            let value = random.value()
            let options = layouts[round % layouts.count]
            let text = value.serialized(options)
            do {
                let back = try JSON(parsing: text)
                if back != value { failures.append("round \(round): \(text)") }
                if !options.contains(.sortedKeys), !Self.sameOrder(back, value) {
                    failures.append("round \(round): key order changed in \(text)")
                }
                // Serializing the re-parsed value gives the same text.
                if back.serialized(options) != text { failures.append("round \(round): unstable \(text)") }
            } catch {
                failures.append("round \(round): \(error) in \(text)")
            }
        }
        // Counted, not listed: a listing of thousands of documents drowns the report.
        #expect(failures.count == 0, "first failures: \(failures.prefix(3).map { String($0.prefix(400)) })")
    }
}
