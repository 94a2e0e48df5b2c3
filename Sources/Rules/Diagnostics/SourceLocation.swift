/// A place in a file, as printed in diagnostics: `file:line:col` (both 1-based).
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}

/// A half-open byte range `start..<end` inside an expression's UTF-8 text.
public struct SourceSpan: Sendable, Hashable {
    public var start: Int
    public var end: Int

    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = end
    }

    /// The smallest span covering both.
    func union(_ other: SourceSpan) -> SourceSpan { SourceSpan(min(start, other.start), max(end, other.end)) }
}

/// Maps byte offsets inside a string value (an expression or a template) to
/// positions in the file that holds it, like cel-go's `Source.Relative`.
///
/// `origin` is where the string's first character sits in the host file. The
/// decoded text is walked to find the offset's line and column; for strings
/// written with escapes the column is approximate (the escape's width is not
/// known), which is still the right line and close enough to find the spot.
public struct RelativeSource: Sendable {
    public var text: String
    public var origin: SourceLocation

    public init(text: String, origin: SourceLocation) {
        self.text = text
        self.origin = origin
    }

    /// The host-file location of UTF-8 byte `offset` in `text`.
    public func location(at offset: Int) -> SourceLocation {
        var line = origin.line
        var column = origin.column
        var index = 0
        for byte in text.utf8 {
            if index >= offset { break }
            index += 1
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1  // count scalars, not continuation bytes
            }
        }
        return SourceLocation(file: origin.file, line: line, column: column)
    }

    /// The source text covered by `span` (clamped to the text).
    public func slice(_ span: SourceSpan) -> String {
        let bytes = Array(text.utf8)
        let start = max(0, min(span.start, bytes.count))
        let end = max(start, min(span.end, bytes.count))
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
