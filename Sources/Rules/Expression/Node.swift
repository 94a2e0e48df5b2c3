import JSON

/// The checked, resolved form of an expression that is evaluated many times:
/// names are resolved to event fields, functions to `Builtin`s, literal
/// regexes are compiled and constant lists folded.
indirect enum Node: Sendable {
    case constant(JSON)
    case list([Node])
    case root(Root)
    /// `headers["X-Name"]` with a literal name, already lower-cased.
    case header(String)
    case member(Node, String)
    /// A constant path from an event root (`payload.a.b[0].c`), walked in one loop.
    case path(Root, [PathStep])
    /// One step of an interned path: its number, the node of its prefix and the step.
    case cachedPath(Int, Node, PathStep)
    case index(Node, Node, SourceSpan)
    case call(Builtin, [Node], SourceSpan)
    case regexMatch(Node, CompiledRegex, SourceSpan)
    case not(Node, SourceSpan)
    case negate(Node, SourceSpan)
    case binary(BinaryOperator, Node, Node, SourceSpan)
    case conditional(Node, Node, Node, SourceSpan)

    enum PathStep: Sendable {
        case key(String)
        case index(Int)
    }

    /// The names an expression can start from.
    enum Root: String, CaseIterable, Sendable {
        case payload, headers, source, event, delivery, tables
        /// The results of the rule's earlier actions, by their `id`: known
        /// only when an action is delivered (`StepRendering`).
        case steps
        /// In a `follow_up`'s `failure`: why an earlier action was given up,
        /// in plain words; known only at delivery.
        case error
        case receivedAt = "received_at"
    }
}
