extension LogFormat {
    /// `<time> <level> <label>: <message> key=value key="a value"\n`, for
    /// people reading a terminal. Metadata keys are sorted; values that are
    /// empty or hold spaces, quotes, `=` or control characters are quoted.
    static func textLine(_ record: LogRecord) -> String {
        var out = record.time.rfc3339
        out += " "
        out += record.level.name
        out += " "
        out += escapeControls(record.label, quoteMarks: false)
        out += ": "
        out += escapeControls(record.message, quoteMarks: false)
        for key in record.metadata.keys.sorted() {
            guard let value = record.metadata[key] else { continue }
            out += " "
            out += escapeControls(key, quoteMarks: false)
            out += "="
            out += textValue(value.description)
        }
        out += "\n"
        return out
    }

    static func textValue(_ value: String) -> String {
        let needsQuotes =
            value.isEmpty
            || value.unicodeScalars.contains { $0.value <= 0x20 || $0 == "\"" || $0 == "=" || $0 == "\\" || $0.value == 0x7F }
        return needsQuotes ? "\"" + escapeControls(value, quoteMarks: true) + "\"" : value
    }

    /// Escapes control characters (and, inside quotes, `"` and `\`) so the
    /// text stays on one line.
    static func escapeControls(_ text: String, quoteMarks: Bool) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || (quoteMarks && ($0 == "\"" || $0 == "\\")) })
        else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x00..<0x20, 0x7F: out += "\\x" + hexByte(UInt8(scalar.value))
            case 0x22 where quoteMarks: out += "\\\""
            case 0x5C where quoteMarks: out += "\\\\"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
