import Foundation
import JSON

/// Lenient readers for the fields of Snipe-IT's documents, which are not
/// always typed alike: transformers answer ids as numbers, the raw models
/// of a write's payload may echo them as the strings a form sent.
enum SnipeITFields {
    /// A number, or a string of decimal digits.
    static func int(_ value: JSON?) -> Int? {
        switch value {
        case .int(let number)?: return Int(exactly: number)
        case .double(let number)?: return Int(exactly: number)
        case .string(let text)?: return Int(text.trimmingCharacters(in: .whitespaces))
        default: return nil
        }
    }

    /// A non-empty string; a number as its decimal text; `nil` for null,
    /// missing or "" (what `e(null)` gives).
    static func string(_ value: JSON?) -> String? {
        switch value {
        case .string(let text)? where !text.isEmpty: return text
        case .int(let number)?: return String(number)
        default: return nil
        }
    }

    /// A date as Snipe-IT gives it: `{"date": "2024-05-01", "formatted": …}`
    /// from a transformer, or the bare `2024-05-01` of a raw model.
    static func date(_ value: JSON?) -> String? {
        if let object = value?.objectValue {
            return string(object["date"]) ?? string(object["datetime"])
        }
        return string(value)
    }
}
