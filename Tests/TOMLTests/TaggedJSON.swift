import Foundation
import TOML

/// Compares a decoded node with toml-test's tagged JSON, where every scalar
/// is `{"type": T, "value": "V"}`.
enum TaggedJSON {
    /// A description of the first difference, or nil when they match.
    static func mismatch(_ node: TOMLNode, _ expected: Any, path: String) -> String? {
        let here = path.isEmpty ? "(root)" : path
        if let dictionary = expected as? [String: Any] {
            if let type = dictionary["type"] as? String, let value = dictionary["value"] as? String, dictionary.count == 2 {
                return scalarMismatch(node.value, type: type, value: value, path: here)
            }
            guard case .table(let table) = node.value else {
                return "\(here): expected a table, got \(node.value.typeName)"
            }
            let expectedKeys = Set(dictionary.keys)
            let actualKeys = Set(table.keys)
            guard expectedKeys == actualKeys else {
                return "\(here): keys differ: missing \(expectedKeys.subtracting(actualKeys).sorted()), "
                    + "unexpected \(actualKeys.subtracting(expectedKeys).sorted())"
            }
            for (key, child) in table {
                guard let expectedChild = dictionary[key] else { return "\(here): unexpected key \(key)" }
                if let problem = mismatch(child, expectedChild, path: path + "." + key) { return problem }
            }
            return nil
        }
        if let array = expected as? [Any] {
            guard case .array(let elements) = node.value else {
                return "\(here): expected an array, got \(node.value.typeName)"
            }
            guard elements.count == array.count else {
                return "\(here): expected \(array.count) elements, got \(elements.count)"
            }
            for (offset, pair) in zip(elements, array).enumerated() {
                if let problem = mismatch(pair.0, pair.1, path: "\(path)[\(offset)]") { return problem }
            }
            return nil
        }
        return "\(here): unexpected JSON \(expected)"
    }

    private static func scalarMismatch(_ value: TOMLValue, type: String, value text: String, path: String) -> String? {
        let ok: Bool
        switch (type, value) {
        case ("string", .string(let actual)):
            ok = actual == text
        case ("integer", .integer(let actual)):
            ok = Int64(text) == actual
        case ("float", .float(let actual)):
            ok = floatMatches(actual, text)
        case ("bool", .boolean(let actual)):
            ok = text == String(actual)
        case ("datetime", .offsetDateTime(let actual)), ("datetime-local", .localDateTime(let actual)),
            ("date-local", .localDate(let actual)), ("time-local", .localTime(let actual)):
            ok = dateTime(text) == actual
        default:
            ok = false
        }
        return ok ? nil : "\(path): expected \(type) \(text), got \(value.typeName) \(value)"
    }

    private static func floatMatches(_ actual: Double, _ text: String) -> Bool {
        switch text {
        case "nan", "+nan", "-nan": return actual.isNaN
        case "inf", "+inf": return actual == .infinity
        case "-inf": return actual == -.infinity
        default:
            guard let expected = Double(text) else { return false }
            return expected == actual && expected.sign == actual.sign
        }
    }

    /// The expected date/time, decoded by the TOML decoder itself so that
    /// `Z`/`z`/`+00:00`, `T`/space and fraction precision compare equal.
    private static func dateTime(_ text: String) -> TOMLDateTime? {
        guard let table = try? TOML.parse("v = " + text) else { return nil }
        return table["v"]?.value.dateTimeValue
    }
}
