extension PrometheusFormatChecker {
    /// Reads one sample line, `name{label="value",...} value [timestamp]`,
    /// byte by byte, with the grammar of the text format 0.0.4.
    struct LineCursor {
        let bytes: [UInt8]
        let number: Int
        var index = 0

        init(_ line: String, number: Int) {
            self.bytes = Array(line.utf8)
            self.number = number
        }

        func fail(_ message: String) -> Violation { Violation(line: number, message: message) }

        var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func sample() throws(Violation) -> ParsedSample {
            let name = identifier(allowColon: true)
            guard !name.isEmpty else { throw fail("a sample line does not start with a metric name") }
            var labels: [(String, String)] = []
            if peek == UInt8(ascii: "{") {
                index += 1
                labels = try labelPairs()
            }
            guard peek == UInt8(ascii: " ") else { throw fail("expected one space before the value of \(name)") }
            index += 1
            let valueText = token()
            guard let value = LineCursor.parseFloat(valueText) else { throw fail("value \"\(valueText)\" is not a float") }
            var timestamp: Int64?
            if peek == UInt8(ascii: " ") {
                index += 1
                let text = token()
                guard let parsed = Int64(text), text.first != "+" else { throw fail("timestamp \"\(text)\" is not an integer") }
                timestamp = parsed
            }
            guard index == bytes.count else { throw fail("unexpected text after the value") }
            return ParsedSample(name: name, labels: labels, value: value, timestamp: timestamp)
        }

        mutating func labelPairs() throws(Violation) -> [(String, String)] {
            var pairs: [(String, String)] = []
            if peek == UInt8(ascii: "}") {
                index += 1
                return pairs
            }
            while true {
                let name = identifier(allowColon: false)
                guard !name.isEmpty else { throw fail("expected a label name") }
                guard peek == UInt8(ascii: "=") else { throw fail("expected = after label \(name)") }
                index += 1
                guard peek == UInt8(ascii: "\"") else { throw fail("label \(name): the value does not start with a quote") }
                index += 1
                pairs.append((name, try quotedValue(label: name)))
                switch peek {
                case UInt8(ascii: ","):
                    index += 1
                    if peek == UInt8(ascii: "}") { throw fail("trailing comma in the label set") }
                case UInt8(ascii: "}"):
                    index += 1
                    return pairs
                default:
                    throw fail("expected , or } after label \(name)")
                }
            }
        }

        /// The rest of a label value after its opening quote, unescaped.
        mutating func quotedValue(label: String) throws(Violation) -> String {
            var out: [UInt8] = []
            while let byte = peek {
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return String(decoding: out, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard let escaped = peek else { throw fail("label \(label): the value ends inside an escape") }
                    index += 1
                    switch escaped {
                    case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
                    case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
                    case UInt8(ascii: "n"): out.append(0x0A)
                    default: throw fail("label \(label): invalid escape \\\(Character(Unicode.Scalar(escaped)))")
                    }
                default:
                    out.append(byte)
                }
            }
            throw fail("label \(label): the value has no closing quote")
        }

        /// A name from the current position: `[a-zA-Z_(:)][a-zA-Z0-9_(:)]*`.
        mutating func identifier(allowColon: Bool) -> String {
            let start = index
            while let byte = peek, LineCursor.isNameByte(byte, first: index == start, allowColon: allowColon) { index += 1 }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }

        /// Bytes up to the next space or the end.
        mutating func token() -> String {
            let start = index
            while let byte = peek, byte != UInt8(ascii: " ") { index += 1 }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }

        static func isNameByte(_ byte: UInt8, first: Bool, allowColon: Bool) -> Bool {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"): true
            case UInt8(ascii: ":"): allowColon
            case UInt8(ascii: "0")...UInt8(ascii: "9"): !first
            default: false
            }
        }

        static func isMetricName(_ name: String) -> Bool {
            var cursor = LineCursor(name, number: 0)
            return !name.isEmpty && cursor.identifier(allowColon: true).utf8.count == name.utf8.count
        }

        /// `+Inf`, `-Inf`, `NaN`, or `[+-]?(d+(.d*)?|.d+)([eE][+-]?d+)?`; nil otherwise.
        static func parseFloat(_ text: String) -> Double? {
            switch text {
            case "+Inf": return .infinity
            case "-Inf": return -.infinity
            case "NaN": return .nan
            default: break
            }
            let bytes = Array(text.utf8)
            var i = 0
            func digits() -> Int {
                let start = i
                while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
                return i - start
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            var mantissa = digits()
            if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
                i += 1
                mantissa += digits()
            }
            guard mantissa > 0 else { return nil }
            if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
                i += 1
                if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
                guard digits() > 0 else { return nil }
            }
            guard i == bytes.count else { return nil }
            return Double(text)
        }

        /// HELP text with `\\` and `\n` unescaped; any other escape is a violation.
        static func unescapeHelp(_ text: String, number: Int) throws(Violation) -> String {
            var out: [UInt8] = []
            var bytes = Array(text.utf8)[...]
            while let byte = bytes.popFirst() {
                guard byte == UInt8(ascii: "\\") else {
                    out.append(byte)
                    continue
                }
                switch bytes.popFirst() {
                case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "n"): out.append(0x0A)
                default: throw Violation(line: number, message: "HELP text has an invalid escape")
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}
