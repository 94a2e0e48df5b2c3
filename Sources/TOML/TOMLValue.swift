/// A decoded TOML value. Containers hold `TOMLNode`s so that every nested
/// value keeps its source position.
public indirect enum TOMLValue: Sendable, Equatable {
    /// A string (any of the four string kinds, escapes decoded).
    case string(String)
    /// A 64-bit integer (decimal, hexadecimal, octal or binary in the source).
    case integer(Int64)
    /// A float, including `inf`, `-inf` and `nan`.
    case float(Double)
    /// `true` or `false`.
    case boolean(Bool)
    /// `1979-05-27T07:32:00Z`: `offsetMinutes` is set.
    case offsetDateTime(TOMLDateTime)
    /// `1979-05-27T07:32:00`
    case localDateTime(TOMLDateTime)
    /// `1979-05-27`
    case localDate(TOMLDateTime)
    /// `07:32:00`
    case localTime(TOMLDateTime)
    /// An array (values of mixed types are allowed in TOML 1.0). Arrays of
    /// tables (`[[x]]`) are arrays of `.table` nodes.
    case array([TOMLNode])
    /// A table: `[header]`, dotted-key or inline.
    case table(TOMLTable)

    /// The TOML type name, for messages: `string`, `integer`, `float`,
    /// `boolean`, `offset date-time`, `local date-time`, `local date`,
    /// `local time`, `array`, `table`.
    public var typeName: String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .float: "float"
        case .boolean: "boolean"
        case .offsetDateTime: "offset date-time"
        case .localDateTime: "local date-time"
        case .localDate: "local date"
        case .localTime: "local time"
        case .array: "array"
        case .table: "table"
        }
    }

    /// The string, if this is a string.
    public var stringValue: String? {
        if case .string(let value) = self { value } else { nil }
    }

    /// The integer, if this is an integer.
    public var integerValue: Int64? {
        if case .integer(let value) = self { value } else { nil }
    }

    /// The float, if this is a float (integers are not converted).
    public var floatValue: Double? {
        if case .float(let value) = self { value } else { nil }
    }

    /// The boolean, if this is a boolean.
    public var booleanValue: Bool? {
        if case .boolean(let value) = self { value } else { nil }
    }

    /// The date/time components, if this is any of the four date/time kinds.
    public var dateTimeValue: TOMLDateTime? {
        switch self {
        case .offsetDateTime(let value), .localDateTime(let value), .localDate(let value), .localTime(let value):
            value
        default:
            nil
        }
    }

    /// The elements, if this is an array.
    public var arrayValue: [TOMLNode]? {
        if case .array(let value) = self { value } else { nil }
    }

    /// The table, if this is a table.
    public var tableValue: TOMLTable? {
        if case .table(let value) = self { value } else { nil }
    }
}
