/// An event's HTTP headers with case-insensitive lookup. Names are stored
/// lower-cased once, so a lookup is a plain comparison.
public struct EventHeaders: Sendable, Equatable {
    public private(set) var fields: [(name: String, value: String)] = []

    /// No headers.
    public init() {}

    /// Headers in order; names are matched without regard to case.
    public init(_ fields: [(String, String)]) {
        for (name, value) in fields { append(name, value) }
    }

    /// Adds a header; an earlier one of the same name wins lookups.
    public mutating func append(_ name: String, _ value: String) {
        fields.append((name.lowercased(), value))
    }

    /// The first value for `name` (any case), or `nil`.
    public subscript(name: String) -> String? {
        let lowered = name.lowercased()
        return self[lowercased: lowered]
    }

    /// Lookup with a name already lower-cased (the compiled expression's case).
    subscript(lowercased name: String) -> String? {
        for field in fields where field.name == name { return field.value }
        return nil
    }

    public static func == (lhs: EventHeaders, rhs: EventHeaders) -> Bool {
        lhs.fields.elementsEqual(rhs.fields) { $0.name == $1.name && $0.value == $1.value }
    }
}
