/// A place in a TOML document: 1-based line and column.
///
/// Columns count Unicode scalars (not bytes, not grapheme clusters) from the
/// start of the line, so `é` and `😀` each advance the column by one. A tab
/// counts as one column.
public struct TOMLPosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The 1-based line number. Lines end at LF (a CRLF pair counts as one line end).
    public var line: Int
    /// The 1-based column, in Unicode scalars.
    public var column: Int

    /// A position at `line`, `column` (both 1-based).
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// `line:column`, e.g. `12:9`.
    public var description: String { "\(line):\(column)" }

    /// Document order: by line, then column.
    public static func < (lhs: TOMLPosition, rhs: TOMLPosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}
