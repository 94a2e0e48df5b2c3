/// One problem found while loading a config or mapping file, rendered as
/// `file:line:col: message`.
public struct Diagnostic: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String

    /// A diagnostic at `location`.
    public init(_ location: SourceLocation, _ message: String) {
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): \(message)" }

    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        if lhs.location != rhs.location { return lhs.location < rhs.location }
        return lhs.message < rhs.message
    }
}

/// Collects diagnostics across a whole load, capped so a hopeless file cannot
/// flood the terminal (cel-go's `Errors`: cap, then "N more were truncated").
public struct DiagnosticBag: Sendable {
    /// How many diagnostics are kept; the rest are only counted.
    public static let defaultLimit = 100

    public private(set) var diagnostics: [Diagnostic] = []
    public private(set) var truncated = 0
    /// How many diagnostics this bag keeps.
    public let limit: Int

    public init(limit: Int = DiagnosticBag.defaultLimit) { self.limit = limit }

    /// True when nothing was reported.
    public var isEmpty: Bool { diagnostics.isEmpty }
    /// Everything reported, kept or truncated.
    public var count: Int { diagnostics.count + truncated }

    /// Records `message` at `location` (duplicates are kept once).
    public mutating func report(_ location: SourceLocation, _ message: String) {
        report(Diagnostic(location, message))
    }

    /// Records `diagnostic` (duplicates are kept once).
    public mutating func report(_ diagnostic: Diagnostic) {
        guard !diagnostics.contains(diagnostic) else { return }
        if diagnostics.count < limit { diagnostics.append(diagnostic) } else { truncated += 1 }
    }

    /// Adds everything `other` holds.
    public mutating func merge(_ other: DiagnosticBag) {
        for diagnostic in other.diagnostics { report(diagnostic) }
        truncated += other.truncated
    }

    /// Diagnostics sorted by file, line, column.
    public var sorted: [Diagnostic] { diagnostics.sorted() }

    /// One line per diagnostic, sorted, plus a final truncation note if any.
    public var rendered: [String] {
        var lines = sorted.map(\.description)
        if truncated > 0 { lines.append(DiagnosticMessage.truncated(truncated)) }
        return lines
    }
}

/// Thrown when a config or mapping set fails to load: every problem found.
public struct LoadError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public var truncated: Int

    /// The bag's diagnostics, sorted.
    public init(_ bag: DiagnosticBag) {
        diagnostics = bag.sorted
        truncated = bag.truncated
    }

    /// `file:line:col: message` lines, sorted, plus the truncation note.
    public var lines: [String] {
        var lines = diagnostics.map(\.description)
        if truncated > 0 { lines.append(DiagnosticMessage.truncated(truncated)) }
        return lines
    }

    public var description: String { lines.joined(separator: "\n") }
}
