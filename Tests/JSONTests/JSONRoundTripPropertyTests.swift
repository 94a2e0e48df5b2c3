import JSON
import Testing

/// SplitMix64: a small, seeded generator so every run checks the same values.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random JSON values that stress the serializer: edge-case numbers, every
/// kind of character, nesting and empty containers.
struct RandomJSON {
    var generator: SeededGenerator

    mutating func value(depth: Int = 0) -> JSON {
        let kinds = depth >= 4 ? 5 : 7
        switch Int.random(in: 0..<kinds, using: &generator) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2: return .int(integer())
        case 3: return .double(double())
        case 4: return .string(string())
        case 5: return .array((0..<Int.random(in: 0...5, using: &generator)).map { _ in value(depth: depth + 1) })
        default:
            var object = JSONObject()
            for _ in 0..<Int.random(in: 0...16, using: &generator) { object[string()] = value(depth: depth + 1) }
            return .object(object)
        }
    }

    mutating func integer() -> Int64 {
        switch Int.random(in: 0..<4, using: &generator) {
        case 0: return [Int64.min, .max, 0, -1, 1][Int.random(in: 0..<5, using: &generator)]
        case 1: return Int64.random(in: -1000...1000, using: &generator)
        default: return Int64(bitPattern: generator.next())
        }
    }

    mutating func double() -> Double {
        switch Int.random(in: 0..<4, using: &generator) {
        case 0: return [0.1, -0.0, 1e300, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 1e22][Int.random(in: 0..<6, using: &generator)]
        case 1: return Double.random(in: -1e6...1e6, using: &generator)
        default:
            // Any finite bit pattern: subnormals, huge and tiny exponents.
            while true {
                let candidate = Double(bitPattern: generator.next())
                if candidate.isFinite { return candidate }
            }
        }
    }

    mutating func string() -> String {
        let pools: [ClosedRange<UInt32>] = [0x20...0x7E, 0x00...0x1F, 0x80...0x7FF, 0x800...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF]
        var text = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...12, using: &generator) {
            let pool = Int.random(in: 0..<10, using: &generator) < 5 ? pools[0] : pools[Int.random(in: 0..<pools.count, using: &generator)]
            if let scalar = Unicode.Scalar(UInt32.random(in: pool, using: &generator)) { text.append(scalar) }
            if Int.random(in: 0..<8, using: &generator) == 0 { text.append(["\"", "\\", "/"][Int.random(in: 0..<3, using: &generator)]) }
        }
        return String(text)
    }
}

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
        #expect(failures.isEmpty, "\(failures.count) failures, first: \(failures.prefix(3))")
    }
}
