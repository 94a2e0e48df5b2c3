import JSON

/// Conversions the evaluator and templates share (and the mapping test runner, for header values).
package enum Value {
    /// How a value reads inside text: strings as they are, `null` as nothing,
    /// numbers in their shortest form, lists and objects as compact JSON.
    package static func text(_ value: JSON) -> String {
        switch value {
        case .null: return ""
        case .string(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return number(d)
        case .array, .object: return serialize(value)
        }
    }

    static func number(_ d: Double) -> String {
        if d.rounded() == d, let exact = Int64(exactly: d) { return String(exact) }
        return String(d)
    }

    /// Compact JSON text (used by `json()` and for lists in text).
    static func serialize(_ value: JSON) -> String { value.serialized() }

    /// The type name used in error messages.
    static func typeName(_ value: JSON) -> String {
        switch value {
        case .array: return "list"
        default: return value.typeName
        }
    }
}
