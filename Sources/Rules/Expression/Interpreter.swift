import JSON

/// Evaluates resolved `Node`s against one event. A value type over borrowed
/// inputs: nothing is allocated except the values an expression builds
/// (strings from functions, lists).
struct Interpreter {
    let event: RuleEvent
    /// Path values already looked up for this event (see `PathInterner`).
    let cache: PathCache?
    /// `steps`: the earlier actions' results by id; `null` while an event
    /// is evaluated as it arrives (what reads it is deferred then).
    let steps: JSON
    /// `error`: why an earlier action was given up (a follow-up's failure), or null.
    let error: JSON

    init(event: RuleEvent, cache: PathCache? = nil, steps: JSON = .null, error: JSON = .null) {
        self.event = event
        self.cache = cache
        self.steps = steps
        self.error = error
    }

    func evaluate(_ node: Node) throws(EvaluationError) -> JSON {
        switch node {
        case .constant(let value):
            return value
        case .list(let items):
            var values: [JSON] = []
            values.reserveCapacity(items.count)
            for item in items { values.append(try evaluate(item)) }
            return .array(values)
        case .root(let root):
            return rootValue(root)
        case .header(let name):
            return event.headers[lowercased: name].map(JSON.string) ?? .null
        case .member(let base, let key):
            // A missing key, or a key on a non-object, is null: missing data is not an error.
            return try evaluate(base)[key] ?? .null
        case .path(let root, let steps):
            var current = rootValue(root)
            for step in steps { current = Self.step(current, step) }
            return current
        case .cachedPath(let id, let parent, let step):
            if let cache, let hit = cache.values[id] { return hit }
            let value = Self.step(try evaluate(parent), step)
            cache?.values[id] = value
            return value
        case .index(let base, let key, let span):
            let container = try evaluate(base)
            let keyValue = try evaluate(key)
            return try index(container, keyValue, span)
        case .call(let builtin, let args, let span):
            return try Builtins.call(builtin, args, span, self)
        case .regexMatch(let subject, let regex, let span):
            switch try evaluate(subject) {
            case .null: return .bool(false)
            case .string(let text): return .bool(regex.matches(text))
            case let other: throw EvaluationError(span, DiagnosticMessage.argumentType("matches", Value.typeName(other)))
            }
        case .not(let operand, let span):
            return .bool(!(try truth(try evaluate(operand), "!", span)))
        case .negate(let operand, let span):
            switch try evaluate(operand) {
            case .int(let i) where i != Int64.min: return .int(-i)
            case .int(let i): return .double(-Double(i))
            case .double(let d): return .double(-d)
            case .null: return .null
            case let other: throw EvaluationError(span, DiagnosticMessage.unaryType("-", Value.typeName(other)))
            }
        case .binary(let op, let lhs, let rhs, let span):
            return try binary(op, lhs, rhs, span)
        case .conditional(let condition, let whenTrue, let whenFalse, let span):
            return try truth(try evaluate(condition), "?:", span) ? try evaluate(whenTrue) : try evaluate(whenFalse)
        }
    }

    @inline(__always)
    private static func step(_ current: JSON, _ step: Node.PathStep) -> JSON {
        switch step {
        case .key(let key):
            guard case .object(let object) = current, let next = object[key] else { return .null }
            return next
        case .index(let position):
            guard case .array(let items) = current, position < items.count else { return .null }
            return items[position]
        }
    }

    private func rootValue(_ root: Node.Root) -> JSON {
        switch root {
        case .payload: return event.payload
        case .source: return .string(event.source)
        case .event: return .string(event.name)
        case .delivery: return .string(event.delivery)
        case .receivedAt: return .string(event.receivedAtText)
        case .tables: return .null
        case .steps: return steps
        case .error: return error
        case .headers:
            var object = JSONObject()
            for field in event.headers.fields where object[field.name] == nil { object[field.name] = .string(field.value) }
            return .object(object)
        }
    }

    private func index(_ container: JSON, _ key: JSON, _ span: SourceSpan) throws(EvaluationError) -> JSON {
        switch (container, key) {
        case (.null, _), (_, .null): return .null
        case (.object(let object), .string(let name)): return object[name] ?? .null
        case (.array(let items), _):
            guard let position = key.intValue else {
                throw EvaluationError(span, DiagnosticMessage.indexType(Value.typeName(key), "list"))
            }
            // Negative indexes count from the end: `payload.commits[-1]`.
            let resolved = position < 0 ? Int64(items.count) + position : position
            guard resolved >= 0, resolved < Int64(items.count) else { return .null }
            return items[Int(resolved)]
        case (.object, _):
            throw EvaluationError(span, DiagnosticMessage.indexType(Value.typeName(key), "object"))
        default:
            return .null
        }
    }

    /// A condition's truth: booleans as they are, `null` (missing) as false,
    /// anything else a type error.
    func truth(_ value: JSON, _ op: String, _ span: SourceSpan) throws(EvaluationError) -> Bool {
        switch value {
        case .bool(let b): return b
        case .null: return false
        default: throw EvaluationError(span, DiagnosticMessage.notBoolean(op, Value.typeName(value)))
        }
    }

    private func binary(_ op: BinaryOperator, _ lhs: Node, _ rhs: Node, _ span: SourceSpan) throws(EvaluationError)
        -> JSON
    {
        switch op {
        case .and, .or:
            // cel-go's rule: an error on one side is forgiven when the other side
            // alone decides the result (`true || error` is true, `false && error` false).
            let decisive = op == .or
            var leftError: EvaluationError? = nil
            do {
                if try truth(try evaluate(lhs), op.rawValue, span) == decisive { return .bool(decisive) }
            } catch {
                leftError = error
            }
            let right: Bool
            do {
                right = try truth(try evaluate(rhs), op.rawValue, span)
            } catch {
                throw leftError ?? error
            }
            if right == decisive { return .bool(decisive) }
            if let leftError { throw leftError }
            return .bool(!decisive)
        case .coalesce:
            let left = try evaluate(lhs)
            return left.isNull ? try evaluate(rhs) : left
        case .equal:
            return .bool(try evaluate(lhs) == evaluate(rhs))
        case .notEqual:
            return .bool(try evaluate(lhs) != evaluate(rhs))
        case .less, .lessEqual, .greater, .greaterEqual:
            let left = try evaluate(lhs)
            let right = try evaluate(rhs)
            guard let order = try Self.compare(left, right, op, span) else { return .bool(false) }
            switch op {
            case .less: return .bool(order < 0)
            case .lessEqual: return .bool(order <= 0)
            case .greater: return .bool(order > 0)
            default: return .bool(order >= 0)
            }
        case .in:
            let needle = try evaluate(lhs)
            let haystack = try evaluate(rhs)
            return .bool(try Self.contains(haystack, needle, "in", span))
        }
    }

    /// -1, 0 or 1; `nil` when either side is null (ordering with missing data is false).
    static func compare(_ left: JSON, _ right: JSON, _ op: BinaryOperator, _ span: SourceSpan) throws(EvaluationError)
        -> Int?
    {
        switch (left, right) {
        case (.null, _), (_, .null): return nil
        case (.int(let a), .int(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.string(let a), .string(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        default:
            if let a = left.doubleValue, let b = right.doubleValue { return a < b ? -1 : (a == b ? 0 : 1) }
            throw EvaluationError(
                span, DiagnosticMessage.comparisonTypes(op.rawValue, Value.typeName(left), Value.typeName(right)))
        }
    }

    /// Membership: element of a list, substring of a string, key of an object.
    static func contains(_ haystack: JSON, _ needle: JSON, _ what: String, _ span: SourceSpan) throws(EvaluationError)
        -> Bool
    {
        switch haystack {
        case .null: return false
        case .array(let items): return items.contains(needle)
        case .string(let text):
            guard case .string(let part) = needle else {
                if needle.isNull { return false }
                throw EvaluationError(span, DiagnosticMessage.membershipTypes(what, Value.typeName(needle), "string"))
            }
            return part.isEmpty || text.contains(part)
        case .object(let object):
            guard case .string(let key) = needle else {
                if needle.isNull { return false }
                throw EvaluationError(span, DiagnosticMessage.membershipTypes(what, Value.typeName(needle), "object"))
            }
            return object[key] != nil
        default:
            throw EvaluationError(
                span, DiagnosticMessage.membershipTypes(what, Value.typeName(needle), Value.typeName(haystack)))
        }
    }
}
