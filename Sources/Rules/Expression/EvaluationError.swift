/// A runtime failure of an expression (a type error, a bad regex built at
/// run time): a value tagged with the span of the node that failed, so the
/// rule's error names the exact spot.
public struct EvaluationError: Error, Sendable, Equatable {
    public var span: SourceSpan
    public var message: String

    /// An error of the node at `span`.
    public init(_ span: SourceSpan, _ message: String) {
        self.span = span
        self.message = message
    }
}

/// An `EvaluationError` placed in its file: what a failing rule reports.
public struct EvaluationFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String

    /// A failure at `location` in its file.
    public init(location: SourceLocation, message: String) {
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): \(message)" }
}
