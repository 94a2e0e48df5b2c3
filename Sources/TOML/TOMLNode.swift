/// A decoded value with the place it came from.
public struct TOMLNode: Sendable, Equatable {
    /// The value.
    public var value: TOMLValue
    /// The position of the value's first character: the opening quote of a
    /// string, `[` of an array, `{` of an inline table, `[` of the header that
    /// defined a table (`[[` for an element of an array of tables), or the
    /// first key segment of a table created by a dotted key.
    public var position: TOMLPosition
    /// For strings, the position of the first character inside the quotes.
    /// For a multi-line string whose opening delimiter is directly followed by
    /// a newline, that newline is trimmed (as TOML requires), so this is the
    /// start of the next line. For other values, equal to `position`.
    public var contentPosition: TOMLPosition
    /// How scalar offsets inside a string's decoded content map back to the
    /// source, across escapes, newlines and line-ending backslashes.
    var contentMap: TOMLContentMap

    /// A node for `value` at `position`; `contentPosition` defaults to `position`.
    public init(value: TOMLValue, position: TOMLPosition, contentPosition: TOMLPosition? = nil) {
        self.value = value
        self.position = position
        self.contentPosition = contentPosition ?? position
        self.contentMap = TOMLContentMap(start: contentPosition ?? position)
    }

    init(value: TOMLValue, position: TOMLPosition, contentMap: TOMLContentMap) {
        self.value = value
        self.position = position
        self.contentPosition = contentMap.start
        self.contentMap = contentMap
    }

    /// The source position of the Unicode scalar at `offset` (0-based) in a
    /// string's decoded content, so that an error inside an expression
    /// embedded in a string can point at the right column. A scalar produced
    /// by an escape sequence maps to the escape's backslash. Offsets past the
    /// end map past the last character; non-strings map to `contentPosition`.
    public func position(ofContentOffset offset: Int) -> TOMLPosition {
        contentMap.position(ofScalarOffset: offset)
    }

    /// Equal values at the same positions.
    public static func == (lhs: TOMLNode, rhs: TOMLNode) -> Bool {
        lhs.value == rhs.value && lhs.position == rhs.position && lhs.contentPosition == rhs.contentPosition
    }
}
