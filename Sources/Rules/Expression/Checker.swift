import JSON

/// Resolves a parsed `Expr` into an evaluable `Node`: names against the event
/// fields, functions against `Builtin` (name and arity), literal regexes
/// compiled. Collects every problem instead of stopping at the first.
struct Checker {
    /// Lookup tables a mapping file declares (`[tables.NAME]`), visible as `tables.NAME`.
    let tables: [String: JSON]
    /// When set, paths are interned into cached path nodes.
    let paths: PathInterner?
    private(set) var errors: [ExpressionError] = []
    /// Where the expression reads `steps`: `steps.<name>` with its name,
    /// any other use of `steps` (`steps[x]`) without one; byte offsets.
    private(set) var stepReferences: [(name: String?, offset: Int)] = []
    /// Where the expression reads `error`; byte offsets.
    private(set) var errorReferences: [Int] = []

    init(tables: [String: JSON] = [:], paths: PathInterner? = nil) {
        self.tables = tables
        self.paths = paths
    }

    /// The resolved node, or `nil` when any error was recorded.
    mutating func check(_ expr: Expr) -> Node? {
        let before = errors.count
        let node = resolve(expr)
        guard errors.count == before else { return nil }
        guard let paths else { return node }
        return Self.intern(node, paths)
    }

    /// Rewrites every `.path` into a chain of `.cachedPath` steps.
    private static func intern(_ node: Node, _ paths: PathInterner) -> Node {
        switch node {
        case .path(let root, let steps):
            var current = Node.root(root)
            var key = root.rawValue
            for step in steps {
                switch step {
                case .key(let name): key += "\u{1}" + name
                case .index(let i): key += "\u{2}" + String(i)
                }
                current = .cachedPath(paths.id(key), current, step)
            }
            return current
        case .constant, .root, .header, .cachedPath: return node
        case .list(let items): return .list(items.map { intern($0, paths) })
        case .member(let base, let key): return .member(intern(base, paths), key)
        case .index(let base, let key, let span): return .index(intern(base, paths), intern(key, paths), span)
        case .call(let builtin, let args, let span): return .call(builtin, args.map { intern($0, paths) }, span)
        case .regexMatch(let subject, let regex, let span): return .regexMatch(intern(subject, paths), regex, span)
        case .not(let operand, let span): return .not(intern(operand, paths), span)
        case .negate(let operand, let span): return .negate(intern(operand, paths), span)
        case .binary(let op, let lhs, let rhs, let span): return .binary(op, intern(lhs, paths), intern(rhs, paths), span)
        case .conditional(let c, let a, let b, let span):
            return .conditional(intern(c, paths), intern(a, paths), intern(b, paths), span)
        }
    }

    private mutating func fail(_ span: SourceSpan, _ message: String) -> Node {
        errors.append(ExpressionError(span, message))
        return .constant(.null)
    }

    private mutating func resolve(_ expr: Expr) -> Node {
        switch expr {
        case .literal(let value, _):
            return .constant(Self.json(value))
        case .list(let items, _):
            let nodes = items.map { resolve($0) }
            var constants: [JSON] = []
            for node in nodes {
                guard case .constant(let value) = node else { return .list(nodes) }
                constants.append(value)
            }
            return .constant(.array(constants))
        case .name(let name, let span):
            if name == "steps" { stepReferences.append((nil, span.start)) }
            if name == "error" { errorReferences.append(span.start) }
            guard let root = Node.Root(rawValue: name) else {
                let known = Node.Root.allCases.map(\.rawValue).joined(separator: ", ")
                if Builtin(rawValue: name) != nil { return fail(span, DiagnosticMessage.functionWithoutCall(name)) }
                return fail(span, DiagnosticMessage.unknownName(name, known: known))
            }
            return .root(root)
        case .member(let base, let key, let span):
            if case .name("headers", _) = base { return .header(key.lowercased()) }
            if case .name("steps", _) = base {
                stepReferences.append((key, span.start))
                return .member(.root(.steps), key)
            }
            if case .name("tables", _) = base {
                guard let table = tables[key] else {
                    let known = tables.keys.sorted().joined(separator: ", ")
                    return fail(span, DiagnosticMessage.unknownTable(key, known: known))
                }
                return .constant(table)
            }
            return Self.member(resolve(base), key)
        case .index(let base, let key, let span):
            let keyNode = resolve(key)
            if case .name("headers", _) = base, case .constant(.string(let name)) = keyNode {
                return .header(name.lowercased())
            }
            if case .constant(.string(let name)) = keyNode {
                if case .name("tables", _) = base { return resolve(.member(base, name, span)) }
                return Self.member(resolve(base), name)
            }
            let baseNode = resolve(base)
            if case .constant(.int(let i)) = keyNode, i >= 0, let small = Int(exactly: i) {
                if case .path(let root, let steps) = baseNode { return .path(root, steps + [.index(small)]) }
            }
            return .index(baseNode, keyNode, span)
        case .call(let name, let nameSpan, let args, let span):
            guard let builtin = Builtin(rawValue: name) else {
                let known = Builtin.allCases.map(\.rawValue).joined(separator: ", ")
                return fail(nameSpan, DiagnosticMessage.unknownFunction(name, known: known))
            }
            guard builtin.arity.contains(args.count) else {
                return fail(span, DiagnosticMessage.wrongArity(builtin.signature, given: args.count))
            }
            let nodes = args.map { resolve($0) }
            if builtin == .matches, case .constant(let pattern) = nodes[1] {
                guard case .string(let text) = pattern else {
                    return fail(args[1].span, DiagnosticMessage.regexNotString(pattern.typeName))
                }
                do {
                    return .regexMatch(nodes[0], try CompiledRegex(text), span)
                } catch {
                    return fail(args[1].span, DiagnosticMessage.badRegex(text))
                }
            }
            return .call(builtin, nodes, span)
        case .unary(let op, let operand, let span):
            let node = resolve(operand)
            return op == .not ? .not(node, span) : .negate(node, span)
        case .binary(let op, let lhs, let rhs, let span):
            return .binary(op, resolve(lhs), resolve(rhs), span)
        case .conditional(let condition, let whenTrue, let whenFalse, let span):
            return .conditional(resolve(condition), resolve(whenTrue), resolve(whenFalse), span)
        }
    }

    /// `base.key`, folded into a path when `base` is one (or an event root).
    private static func member(_ base: Node, _ key: String) -> Node {
        switch base {
        case .path(let root, let steps): return .path(root, steps + [.key(key)])
        case .root(let root) where root == .payload: return .path(root, [.key(key)])
        default: return .member(base, key)
        }
    }

    static func json(_ literal: LiteralValue) -> JSON {
        switch literal {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .integer(let i): return .int(i)
        case .float(let d): return .double(d)
        case .string(let s): return .string(s)
        }
    }
}
