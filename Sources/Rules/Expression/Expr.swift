/// The parsed tree of one expression. Every node carries the byte span it
/// was read from, so checker errors and `--explain` can point at (and quote)
/// the exact sub-expression.
public indirect enum Expr: Sendable, Equatable {
    case literal(LiteralValue, SourceSpan)
    case list([Expr], SourceSpan)
    case name(String, SourceSpan)
    case member(Expr, String, SourceSpan)
    case index(Expr, Expr, SourceSpan)
    /// A function call; the name's own span comes second.
    case call(String, SourceSpan, [Expr], SourceSpan)
    case unary(UnaryOperator, Expr, SourceSpan)
    case binary(BinaryOperator, Expr, Expr, SourceSpan)
    case conditional(Expr, Expr, Expr, SourceSpan)

    /// The bytes of the expression this node was read from.
    public var span: SourceSpan {
        switch self {
        case .literal(_, let span), .list(_, let span), .name(_, let span), .member(_, _, let span),
            .index(_, _, let span), .call(_, _, _, let span), .unary(_, _, let span),
            .binary(_, _, _, let span), .conditional(_, _, _, let span):
            return span
        }
    }
}

/// A literal as written: kept apart from `JSON` so the tree prints exactly.
public enum LiteralValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case integer(Int64)
    case float(Double)
    case string(String)
}

/// `!` and unary `-`.
public enum UnaryOperator: String, Sendable {
    case not = "!"
    case negate = "-"
}

/// The binary operators, spelled as in the language.
public enum BinaryOperator: String, Sendable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessEqual = "<="
    case greater = ">"
    case greaterEqual = ">="
    case and = "&&"
    case or = "||"
    case `in` = "in"
    case coalesce = "??"
}

extension Expr: CustomStringConvertible {
    /// A fully parenthesised rendering, used by golden parser tests.
    public var description: String {
        switch self {
        case .literal(let value, _):
            switch value {
            case .null: return "null"
            case .bool(let b): return b ? "true" : "false"
            case .integer(let i): return String(i)
            case .float(let d): return String(d)
            case .string(let s): return "\"" + s.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"") + "\""
            }
        case .list(let items, _): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .name(let name, _): return name
        case .member(let base, let key, _): return "\(base).\(key)"
        case .index(let base, let key, _): return "\(base)[\(key)]"
        case .call(let name, _, let args, _): return name + "(" + args.map(\.description).joined(separator: ", ") + ")"
        case .unary(let op, let operand, _): return "(\(op.rawValue)\(operand))"
        case .binary(let op, let lhs, let rhs, _): return "(\(lhs) \(op.rawValue) \(rhs))"
        case .conditional(let c, let a, let b, _): return "(\(c) ? \(a) : \(b))"
        }
    }
}

extension String {
    /// Plain substring replacement without Foundation.
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.range(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        result += rest
        return result
    }
}
