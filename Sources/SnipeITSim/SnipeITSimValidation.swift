import Foundation
import JSON

/// The validation rules the simulated writes enforce, with Laravel 11's
/// English messages (attribute names with `_` as spaces).
enum SnipeITSimValidation {
    /// `AssetMaintenance::$fillable`, in order.
    static let maintenanceFields = [
        "title", "asset_id", "supplier_id", "asset_maintenance_type", "is_warranty", "start_date", "completion_date",
        "asset_maintenance_time", "notes", "cost",
    ]

    /// Laravel's `integer`: a number without a fraction, or its digits as a string.
    static func integer(_ value: JSON) -> Int? {
        if let number = value.intValue { return Int(exactly: number) }
        if let text = value.stringValue { return Int(text) }
        return nil
    }

    /// `AssetMaintenance::$rules`: each failing field with its messages, in rule order.
    static func maintenance(_ body: JSONObject) -> [(String, [String])] {
        var errors: [(String, [String])] = []
        func fail(_ field: String, _ message: String) {
            let name = field.replacingOccurrences(of: "_", with: " ")
            errors.append((field, [message.replacingOccurrences(of: ":attribute", with: name)]))
        }
        func present(_ field: String) -> JSON? {
            guard let value = body[field], !value.isNull, value.stringValue != "" else { return nil }
            return value
        }
        for field in ["asset_id", "supplier_id"] {
            guard let value = present(field) else {
                fail(field, "The :attribute field is required.")
                continue
            }
            if integer(value) == nil { fail(field, "The :attribute field must be an integer.") }
        }
        if present("asset_maintenance_type") == nil { fail("asset_maintenance_type", "The :attribute field is required.") }
        if let title = present("title") {
            if (title.stringValue ?? title.serialized()).count > 100 {
                fail("title", "The :attribute field must not be greater than 100 characters.")
            }
        } else {
            fail("title", "The :attribute field is required.")
        }
        if let warranty = present("is_warranty"), warranty.boolValue == nil, ![0, 1].contains(integer(warranty) ?? -1) {
            fail("is_warranty", "The :attribute field must be true or false.")
        }
        if let start = present("start_date") {
            if !isDay(start) { fail("start_date", "The :attribute field must match the format Y-m-d.") }
        } else {
            fail("start_date", "The :attribute field is required.")
        }
        if let completion = present("completion_date"), !isDay(completion) {
            fail("completion_date", "The :attribute field must match the format Y-m-d.")
        }
        if let notes = present("notes"), notes.stringValue == nil { fail("notes", "The :attribute field must be a string.") }
        if let cost = present("cost"), cost.doubleValue == nil, Double(cost.stringValue ?? "") == nil {
            fail("cost", "The :attribute field must be a number.")
        }
        return errors
    }

    /// `date_format:Y-m-d`: four digits, two, two, and a real day.
    static func isDay(_ value: JSON) -> Bool {
        guard let text = value.stringValue else { return false }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month)
        else { return false }
        var components = DateComponents(year: year, month: month, day: day)
        components.calendar = Calendar(identifier: .gregorian)
        return components.isValidDate
    }
}
