extension JSONParser {
    /// Reads the number at `index`: an integer that fits `Int64` becomes `.int`
    /// exactly; anything with a fraction, an exponent or more magnitude becomes
    /// `.double`, correctly rounded.
    mutating func parseNumber() throws(JSONParseError) -> JSON {
        let start = index
        let count = bytes.count
        let negative = bytes[index] == 0x2D  // -
        if negative { index += 1 }
        guard index < count else { throw JSONParseError(.invalidNumber, at: start) }

        // Integer part: `0` or a non-zero digit and more digits. The magnitude
        // is accumulated while it fits in a UInt64.
        var magnitude: UInt64 = 0
        var overflow = false
        let first = bytes[index]
        if first == 0x30 {
            index += 1
            if index < count, isDigit(bytes[index]) { throw JSONParseError(.invalidNumber, at: start) }
        } else if isDigit(first) {
            while index < count {
                let byte = bytes[index]
                guard isDigit(byte) else { break }
                let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(UInt64(byte &- 0x30))
                magnitude = sum
                overflow = overflow || o1 || o2
                index += 1
            }
        } else {
            throw JSONParseError(.invalidNumber, at: start)
        }

        var isInteger = true
        if index < count, bytes[index] == 0x2E {  // .
            isInteger = false
            index += 1
            try skipDigits(numberStart: start)
        }
        if index < count, bytes[index] | 0x20 == 0x65 {  // e or E
            isInteger = false
            index += 1
            if index < count, bytes[index] == 0x2B || bytes[index] == 0x2D { index += 1 }  // + -
            try skipDigits(numberStart: start)
        }

        if isInteger, !overflow {
            if negative {
                if magnitude <= UInt64(Int64.max) { return .int(-Int64(magnitude)) }
                if magnitude == UInt64(Int64.max) + 1 { return .int(.min) }
            } else if magnitude <= UInt64(Int64.max) {
                return .int(Int64(magnitude))
            }
        }
        return .double(try parseDouble(from: start))
    }

    /// Skips one or more digits; a number may not end at a `.`, `e` or sign.
    @inline(__always)
    private mutating func skipDigits(numberStart: Int) throws(JSONParseError) {
        let before = index
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        guard index > before else { throw JSONParseError(.invalidNumber, at: numberStart) }
    }

    @inline(__always)
    private func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    /// Converts the already validated number text `start..<index` with the
    /// standard library's correctly rounded, locale-independent conversion.
    private func parseDouble(from start: Int) throws(JSONParseError) -> Double {
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw JSONParseError(.numberOutOfRange, at: start)
        }
        return value
    }
}
