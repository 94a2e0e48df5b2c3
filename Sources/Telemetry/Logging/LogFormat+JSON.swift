extension LogFormat {
    /// The keys every JSON line starts with; a metadata key equal to one of
    /// them is written as `metadata.<key>` so it cannot overwrite them.
    static let reservedKeys: Set<String> = ["time", "level", "message", "label"]

    /// `{"time":…,"level":…,"message":…,"label":…,<metadata keys sorted>}\n`,
    /// written by hand (this target has no dependencies).
    static func jsonLine(_ record: LogRecord) -> String {
        var out = "{\"time\":\""
        out.reserveCapacity(128 + record.message.utf8.count)
        out += record.time.rfc3339
        out += "\",\"level\":\""
        out += record.level.name
        out += "\",\"message\":"
        appendJSONString(record.message, to: &out)
        out += ",\"label\":"
        appendJSONString(record.label, to: &out)
        for key in record.metadata.keys.sorted() {
            guard let value = record.metadata[key] else { continue }
            out += ","
            appendJSONString(reservedKeys.contains(key) ? "metadata." + key : key, to: &out)
            out += ":"
            appendJSONString(value.description, to: &out)
        }
        out += "}\n"
        return out
    }

    /// Appends `text` as a JSON string literal (RFC 8259): quotes, backslash
    /// and every control character below U+0020 are escaped; the rest is UTF-8.
    static func appendJSONString(_ text: String, to out: inout String) {
        out += "\""
        if !needsEscaping(text) {
            out += text
            out += "\""
            return
        }
        var pendingStart = text.unicodeScalars.startIndex
        var index = pendingStart
        let scalars = text.unicodeScalars
        while index < scalars.endIndex {
            let scalar = scalars[index]
            let escape: String?
            switch scalar.value {
            case 0x22: escape = "\\\""
            case 0x5C: escape = "\\\\"
            case 0x0A: escape = "\\n"
            case 0x0D: escape = "\\r"
            case 0x09: escape = "\\t"
            case 0x08: escape = "\\b"
            case 0x0C: escape = "\\f"
            case 0x00..<0x20, 0x7F: escape = "\\u00" + hexByte(UInt8(scalar.value))
            default: escape = nil
            }
            if let escape {
                out += String(scalars[pendingStart..<index])
                out += escape
                pendingStart = scalars.index(after: index)
            }
            index = scalars.index(after: index)
        }
        out += String(scalars[pendingStart..<scalars.endIndex])
        out += "\""
    }

    /// Whether `text` has a byte `appendJSONString` escapes (most log text has none).
    private static func needsEscaping(_ text: String) -> Bool {
        text.utf8.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F }
    }

    static func hexByte(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }
}
