/// Integers and floats.
extension TOMLParser {
    /// A number, or a date/time when the text starts like one (`1979-`, `07:`).
    mutating func parseNumberOrDateTime() throws(TOMLError) -> TOMLNode {
        let start = index
        if isDigits(count: 4) && peek(4) == UInt8(ascii: "-") {
            return try parseDateTime()
        }
        if isDigits(count: 2) && peek(2) == UInt8(ascii: ":") {
            return try parseLocalTime()
        }
        while let byte = peek(), Self.isNumberByte(byte) { index += 1 }
        let token = Array(bytes[start..<index])
        let value = try number(token, at: start)
        return TOMLNode(value: value, position: source.position(start))
    }

    /// Whether the next `count` bytes are ASCII digits.
    func isDigits(count: Int) -> Bool {
        for ahead in 0..<count {
            guard let byte = peek(ahead), Self.isDigit(byte) else { return false }
        }
        return true
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        isBareKeyByte(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".")
    }

    /// Decodes a number token: decimal/hex/octal/binary integers, floats,
    /// `inf` and `nan`, each with an optional sign where allowed.
    private func number(_ token: [UInt8], at start: Int) throws(TOMLError) -> TOMLValue {
        let text = String(decoding: token, as: UTF8.self)
        var body = token[...]
        var sign: UInt8?
        if let first = body.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            sign = first
            body = body.dropFirst()
        }
        let bodyText = String(decoding: body, as: UTF8.self)
        if bodyText == "inf" { return .float(sign == UInt8(ascii: "-") ? -.infinity : .infinity) }
        if bodyText == "nan" { return .float(sign == UInt8(ascii: "-") ? -Double.nan : .nan) }
        guard !body.isEmpty else { throw error("expected a number after '\(text)', found \(found())", at: index) }

        let prefixes: [(String, Int, String)] = [("0x", 16, "hexadecimal"), ("0o", 8, "octal"), ("0b", 2, "binary")]
        for (prefix, radix, name) in prefixes where bodyText.hasPrefix(prefix) {
            guard sign == nil else {
                throw error("invalid number '\(text)': \(name) integers cannot have a sign", at: start)
            }
            let digits = body.dropFirst(2)
            try checkDigits(digits, radix: radix, number: text, at: start)
            let clean = String(decoding: digits.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
            guard let value = Int64(clean, radix: radix) else {
                throw error("integer '\(text)' does not fit in 64 bits", at: start)
            }
            return .integer(value)
        }

        let isFloat = body.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
        guard isFloat else {
            try checkDigits(body, radix: 10, number: text, at: start)
            try checkNoLeadingZero(body, number: text, at: start)
            let clean = String(decoding: token.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
            guard let value = Int64(clean) else {
                throw error("integer '\(text)' does not fit in 64 bits", at: start)
            }
            return .integer(value)
        }

        // int-part [ "." frac ] [ ("e" | "E") [sign] exp ]
        let exponentAt = body.firstIndex { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
        let mantissa = body[..<(exponentAt ?? body.endIndex)]
        let dotAt = mantissa.firstIndex(of: UInt8(ascii: "."))
        let integerPart = mantissa[..<(dotAt ?? mantissa.endIndex)]
        try checkDigits(integerPart, radix: 10, number: text, at: start)
        try checkNoLeadingZero(integerPart, number: text, at: start)
        if let dotAt {
            let fraction = mantissa[mantissa.index(after: dotAt)...]
            guard !fraction.isEmpty else {
                throw error("invalid float '\(text)': expected digits after the decimal point", at: start)
            }
            try checkDigits(fraction, radix: 10, number: text, at: start)
        }
        if let exponentAt {
            var exponent = body[body.index(after: exponentAt)...]
            if let first = exponent.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
                exponent = exponent.dropFirst()
            }
            guard !exponent.isEmpty else {
                throw error("invalid float '\(text)': expected digits in the exponent", at: start)
            }
            try checkDigits(exponent, radix: 10, number: text, at: start)
        }
        let clean = String(decoding: token.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
        guard let value = Double(clean) else {
            throw error("invalid float '\(text)'", at: start)
        }
        return .float(value)
    }

    /// Digits of `radix`, with single underscores only between digits.
    private func checkDigits(_ digits: ArraySlice<UInt8>, radix: Int, number: String, at start: Int) throws(TOMLError) {
        guard let first = digits.first, let last = digits.last else {
            throw error("invalid number '\(number)': expected digits", at: start)
        }
        var previous: UInt8 = 0
        for byte in digits {
            if byte == UInt8(ascii: "_") {
                guard previous != UInt8(ascii: "_") else {
                    throw error("invalid number '\(number)': underscores must sit between digits", at: start)
                }
            } else {
                guard let value = Self.hexValue(byte), Int(value) < radix else {
                    let what = radix == 10 ? "a digit" : "a base-\(radix) digit"
                    throw error(
                        "invalid number '\(number)': expected \(what), found '\(Character(Unicode.Scalar(byte)))'",
                        at: start)
                }
            }
            previous = byte
        }
        guard first != UInt8(ascii: "_") && last != UInt8(ascii: "_") else {
            throw error("invalid number '\(number)': underscores must sit between digits", at: start)
        }
    }

    private func checkNoLeadingZero(_ digits: ArraySlice<UInt8>, number: String, at start: Int) throws(TOMLError) {
        if digits.count > 1 && digits.first == UInt8(ascii: "0") {
            throw error("invalid number '\(number)': leading zeros are not allowed", at: start)
        }
    }
}
