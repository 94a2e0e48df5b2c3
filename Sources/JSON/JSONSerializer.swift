/// Writes a `JSON` value as UTF-8 text that `JSON(parsing:)` reads back to an
/// equal value.
///
/// Strings escape only what JSON requires (`"`, `\` and control characters);
/// `/` and non-ASCII pass through. Doubles use Swift's shortest round-trip
/// form; non-finite doubles, which JSON cannot express, become `null`.
struct JSONSerializer {
    private(set) var output: [UInt8] = []
    private let pretty: Bool
    private let sortedKeys: Bool

    init(options: JSONSerializationOptions, capacity: Int = 256) {
        pretty = options.contains(.pretty)
        sortedKeys = options.contains(.sortedKeys)
        output.reserveCapacity(capacity)
    }

    mutating func write(_ value: JSON, depth: Int = 0) {
        switch value {
        case .null: append("null")
        case .bool(let flag): append(flag ? "true" : "false")
        case .int(let number): writeInteger(number)
        case .double(let number): writeDouble(number)
        case .string(let text): writeString(text)
        case .array(let elements): writeArray(elements, depth: depth)
        case .object(let object): writeObject(object, depth: depth)
        }
    }

    private mutating func writeArray(_ elements: [JSON], depth: Int) {
        guard !elements.isEmpty else { return append("[]") }
        output.append(0x5B)  // [
        for (position, element) in elements.enumerated() {
            if position > 0 { output.append(0x2C) }  // ,
            newline(depth: depth + 1)
            write(element, depth: depth + 1)
        }
        newline(depth: depth)
        output.append(0x5D)  // ]
    }

    private mutating func writeObject(_ object: JSONObject, depth: Int) {
        guard !object.isEmpty else { return append("{}") }
        var members = object.members
        if sortedKeys { members.sort { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) } }
        output.append(0x7B)  // {
        for (position, member) in members.enumerated() {
            if position > 0 { output.append(0x2C) }  // ,
            newline(depth: depth + 1)
            writeString(member.key)
            output.append(0x3A)  // :
            if pretty { output.append(0x20) }
            write(member.value, depth: depth + 1)
        }
        newline(depth: depth)
        output.append(0x7D)  // }
    }

    /// In pretty mode, a line break and two spaces per level.
    @inline(__always)
    private mutating func newline(depth: Int) {
        guard pretty else { return }
        output.append(0x0A)
        output.append(contentsOf: repeatElement(0x20, count: depth * 2))
    }

    private mutating func append(_ literal: StaticString) {
        output.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    private mutating func writeInteger(_ number: Int64) {
        // Digits are produced backwards into a small stack buffer.
        var magnitude = number.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = 20
            repeat {
                start -= 1
                digits[start] = UInt8(truncatingIfNeeded: magnitude % 10) &+ 0x30
                magnitude /= 10
            } while magnitude > 0
            if number < 0 { output.append(0x2D) }  // -
            output.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start..<20]))
        }
    }

    private mutating func writeDouble(_ number: Double) {
        guard number.isFinite else { return append("null") }
        // `description` is the shortest text that reads back to the same
        // Double, in a form JSON accepts ("0.1", "1e+300", "5e-324", "-0.0").
        output.append(contentsOf: number.description.utf8)
    }

    private mutating func writeString(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            output.append(0x22)  // "
            var runStart = 0
            for position in 0..<bytes.count {
                let byte = bytes[position]
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
                runStart = position + 1
                output.append(0x5C)  // \
                switch byte {
                case 0x22, 0x5C: output.append(byte)
                case 0x0A: output.append(0x6E)  // n
                case 0x0D: output.append(0x72)  // r
                case 0x09: output.append(0x74)  // t
                case 0x08: output.append(0x62)  // b
                case 0x0C: output.append(0x66)  // f
                default:
                    let hex: StaticString = "0123456789abcdef"
                    output.append(contentsOf: [0x75, 0x30, 0x30])  // u00
                    output.append(hex.utf8Start[Int(byte >> 4)])
                    output.append(hex.utf8Start[Int(byte & 0x0F)])
                }
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
            output.append(0x22)
        }
    }
}
