import JSON
import TestSupport

/// Random JSON values that stress the serializer: edge-case numbers, every
/// kind of character, nesting and empty containers.
struct RandomJSON {
    var generator: SeededGenerator

    /// Bytes that break JSON where they land: structure, escapes, numbers,
    /// controls and invalid UTF-8.
    static let damage: [UInt8] = Array("{}[]\",:\\u0-e.1\u{7F}".utf8) + [0x00, 0x80, 0xC3, 0xED, 0xF4, 0xFF, 0x0A]

    /// One of `damage`, at random.
    mutating func damageByte() -> UInt8 {
        Self.damage[Int.random(in: 0..<Self.damage.count, using: &generator)]
    }

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
        case 0:
            let edges: [Double] = [0.1, -0.0, 1e300, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 1e22]
            return edges[Int.random(in: 0..<edges.count, using: &generator)]
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
        // Printable ASCII half the time, else control characters or 2-, 3- and 4-byte UTF-8.
        let pools: [ClosedRange<UInt32>] = [
            0x20...0x7E, 0x00...0x1F, 0x80...0x7FF, 0x800...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF,
        ]
        var text = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...12, using: &generator) {
            let pool =
                Bool.random(using: &generator) ? pools[0] : pools[Int.random(in: 0..<pools.count, using: &generator)]
            if let scalar = Unicode.Scalar(UInt32.random(in: pool, using: &generator)) { text.append(scalar) }
            if Int.random(in: 0..<8, using: &generator) == 0 {
                text.append(["\"", "\\", "/"][Int.random(in: 0..<3, using: &generator)])
            }
        }
        return String(text)
    }
}
