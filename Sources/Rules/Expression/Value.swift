import JSON

/// Conversions the evaluator and templates share.
enum Value {
    /// How a value reads inside text: strings as they are, `null` as nothing,
    /// numbers in their shortest form, lists and objects as compact JSON.
    static func text(_ value: JSON) -> String {
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
    static func serialize(_ value: JSON) -> String {
        var out = ""
        write(value, to: &out)
        return out
    }

    private static func write(_ value: JSON, to out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += d.isFinite ? number(d) : "null"
        case .string(let s): quote(s, to: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                write(item, to: &out)
            }
            out += "]"
        case .object(let object):
            out += "{"
            for (i, member) in object.members.enumerated() {
                if i > 0 { out += "," }
                quote(member.key, to: &out)
                out += ":"
                write(member.value, to: &out)
            }
            out += "}"
        }
    }

    private static func quote(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// The type name used in error messages.
    static func typeName(_ value: JSON) -> String {
        switch value {
        case .array: return "list"
        default: return value.typeName
        }
    }
}
