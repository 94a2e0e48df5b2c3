import JSON

/// Error wording for payload fields, shared by the adapters.
enum PayloadField {
    /// `field 'x' is missing: expected ...` or `field 'x' is a number: expected ...`.
    static func problem(_ path: String, _ value: JSON?, expected: String) -> String {
        guard let value else { return "field '\(path)' is missing: expected \(expected)" }
        return "field '\(path)' is \(describe(value)): expected \(expected)"
    }

    /// `null`, `an array`, `an object`, `a string`, ... for error messages.
    static func describe(_ value: JSON) -> String {
        switch value.typeName {
        case "null": return "null"
        case "array", "object": return "an \(value.typeName)"
        default: return "a \(value.typeName)"
        }
    }
}
