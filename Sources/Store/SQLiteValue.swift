/// A value bound to a statement parameter.
enum SQLiteValue {
    case null
    case int(Int64)
    case text(String)
    case blob([UInt8])

    static func optional(_ value: Int64?) -> SQLiteValue { value.map { .int($0) } ?? .null }
    static func optional(_ value: String?) -> SQLiteValue { value.map { .text($0) } ?? .null }
}
