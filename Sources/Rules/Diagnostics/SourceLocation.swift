import TOML

/// A place in a file, as printed in diagnostics: `file:line:col` (both 1-based).
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    /// A location; `line` and `column` count from 1.
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

    /// The bytes `start..<end`.
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
/// When the string came from a TOML file, the decoder's node maps decoded
/// offsets back to the source exactly, across escapes and line continuations;
/// otherwise the text is walked from a known origin.
public struct RelativeSource: Sendable {
    /// The string value (expression or template) as decoded.
    public var text: String
    let file: String
    private let host: Host

    private enum Host: Sendable {
        case origin(line: Int, column: Int)
        /// A TOML string node and how many scalars of its content precede `text`.
        case node(TOMLNode, scalarBase: Int)
    }

    /// A source whose first character is at `origin`.
    public init(text: String, origin: SourceLocation) {
        self.text = text
        self.file = origin.file
        self.host = .origin(line: origin.line, column: origin.column)
    }

    /// The content of the TOML string `node` of `file`.
    public init(text: String, file: String, node: TOMLNode) {
        self.text = text
        self.file = file
        self.host = .node(node, scalarBase: 0)
    }

    private init(text: String, file: String, host: Host) {
        self.text = text
        self.file = file
        self.host = host
    }

    /// The host-file location of UTF-8 byte `offset` in `text`.
    public func location(at offset: Int) -> SourceLocation {
        switch host {
        case .node(let node, let base):
            let position = node.position(ofContentOffset: base + scalars(before: offset))
            return SourceLocation(file: file, line: position.line, column: position.column)
        case .origin(var line, var column):
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
            return SourceLocation(file: file, line: line, column: column)
        }
    }

    /// The source of `part`, which starts at byte `offset` of `text`.
    func subsource(_ part: String, at offset: Int) -> RelativeSource {
        switch host {
        case .node(let node, let base):
            return RelativeSource(text: part, file: file, host: .node(node, scalarBase: base + scalars(before: offset)))
        case .origin:
            let start = location(at: offset)
            return RelativeSource(text: part, file: file, host: .origin(line: start.line, column: start.column))
        }
    }

    private func scalars(before offset: Int) -> Int {
        var count = 0
        var index = 0
        for byte in text.utf8 {
            if index >= offset { break }
            index += 1
            if byte & 0xC0 != 0x80 { count += 1 }
        }
        return count
    }

    /// The source text covered by `span` (clamped to the text).
    public func slice(_ span: SourceSpan) -> String {
        let bytes = Array(text.utf8)
        let start = max(0, min(span.start, bytes.count))
        let end = max(start, min(span.end, bytes.count))
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
