/// Helpers for the Prometheus text exposition format 0.0.4, written by hand.
package enum PrometheusText {
    /// A sample value: `+Inf`, `-Inf`, `NaN`, integral values as plain
    /// integers (no exponent), anything else as the shortest text that reads
    /// back as the same `Double` (`0.0005`, `1.5e-07`).
    package static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value == .infinity { return "+Inf" }
        if value == -.infinity { return "-Inf" }
        if value == value.rounded(.towardZero) && Swift.abs(value) < 9.0e18 {
            return String(Int64(value))
        }
        return value.description
    }

    /// A label value with `\`, `"` and newline escaped.
    package static func escapeLabelValue(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 0x5C || $0 == 0x22 || $0 == 0x0A }) else { return value }
        var out = ""
        out.reserveCapacity(value.utf8.count + 4)
        for character in value.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// HELP text with `\` and newline escaped (quotes stay as they are).
    package static func escapeHelp(_ help: String) -> String {
        guard help.utf8.contains(where: { $0 == 0x5C || $0 == 0x0A }) else { return help }
        var out = ""
        for character in help.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// True for a metric name: `[a-zA-Z_:][a-zA-Z0-9_:]*`.
    package static func isValidMetricName(_ name: String) -> Bool {
        isName(name, allowColon: true)
    }

    /// True for a label name: `[a-zA-Z_][a-zA-Z0-9_]*`, not starting with `__` (reserved).
    package static func isValidLabelName(_ name: String) -> Bool {
        isName(name, allowColon: false) && !name.hasPrefix("__")
    }

    private static func isName(_ name: String, allowColon: Bool) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first else { return false }
        func isLetter(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || (allowColon && b == 0x3A) }
        guard isLetter(first) else { return false }
        return bytes.dropFirst().allSatisfy { isLetter($0) || ($0 >= 0x30 && $0 <= 0x39) }
    }

    /// `{a="x",b="y"}` for the pairs, or the empty string when there are none.
    package static func labelSet(_ pairs: [(name: String, value: String)]) -> String {
        guard !pairs.isEmpty else { return "" }
        var out = "{"
        for (index, pair) in pairs.enumerated() {
            if index > 0 { out += "," }
            out += pair.name
            out += "=\""
            out += escapeLabelValue(pair.value)
            out += "\""
        }
        out += "}"
        return out
    }
}
