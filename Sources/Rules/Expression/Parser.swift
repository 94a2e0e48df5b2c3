/// A recursive-descent parser from tokens to `Expr`.
///
/// Precedence, lowest first: `|` (filter), `?:`, `??`, `||`, `&&`,
/// `== !=`, `< <= > >= in`, unary `! -`, postfix (`.name`, `[index]`, `f(...)`).
/// Nesting is limited (`Configuration.maxDepth`) so hostile input cannot
/// exhaust the stack.
public struct Parser {
    /// Parser limits (cel-go's parser options).
    public struct Configuration: Sendable {
        /// Deepest nesting of sub-expressions accepted.
        public var maxDepth: Int = 64
        /// Longest expression accepted, in UTF-8 bytes.
        public var maxBytes: Int = 16 * 1024

        /// The default limits.
        public init() {}
    }

    private var tokens: [Token]
    private var position = 0
    private var depth = 0
    private let configuration: Configuration

    private init(tokens: [Token], configuration: Configuration) {
        self.tokens = tokens
        self.configuration = configuration
    }

    /// Parses a whole expression; anything left over is an error.
    public static func parse(_ text: String, configuration: Configuration = Configuration()) throws(ExpressionError)
        -> Expr
    {
        let length = text.utf8.count
        guard length <= configuration.maxBytes else {
            throw ExpressionError(SourceSpan(0, length), DiagnosticMessage.expressionTooLong(configuration.maxBytes))
        }
        var parser = Parser(tokens: try Lexer.tokenize(text), configuration: configuration)
        if parser.current.kind == .end {
            throw ExpressionError(parser.current.span, DiagnosticMessage.emptyExpression)
        }
        let expr = try parser.pipeline()
        guard parser.current.kind == .end else {
            throw ExpressionError(parser.current.span, DiagnosticMessage.unexpectedToken(parser.current.display))
        }
        return expr
    }

    private var current: Token { tokens[min(position, tokens.count - 1)] }

    private mutating func advance() -> Token {
        let token = current
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    private mutating func expect(_ kind: Token.Kind, _ what: String) throws(ExpressionError) -> Token {
        guard current.kind == kind else {
            throw ExpressionError(current.span, DiagnosticMessage.expected(what, found: current.display))
        }
        return advance()
    }

    private mutating func enter() throws(ExpressionError) {
        depth += 1
        if depth > configuration.maxDepth {
            throw ExpressionError(current.span, DiagnosticMessage.nestedTooDeeply(configuration.maxDepth))
        }
    }

    /// `expr | f(args) | g` desugars to `g(f(expr, args))`.
    private mutating func pipeline() throws(ExpressionError) -> Expr {
        var expr = try conditional()
        while current.kind == .pipe {
            _ = advance()
            let nameToken = current
            guard case .identifier(let name) = nameToken.kind else {
                throw ExpressionError(current.span, DiagnosticMessage.expected("a filter name", found: current.display))
            }
            _ = advance()
            var args = [expr]
            var end = nameToken.span.end
            if current.kind == .leftParen {
                let (more, close) = try arguments()
                args += more
                end = close
            }
            expr = .call(name, nameToken.span, args, SourceSpan(expr.span.start, end))
        }
        return expr
    }

    private mutating func conditional() throws(ExpressionError) -> Expr {
        try enter()
        defer { depth -= 1 }
        let condition = try coalesce()
        guard current.kind == .question else { return condition }
        _ = advance()
        let whenTrue = try conditional()
        _ = try expect(.colon, "':' of '?:'")
        let whenFalse = try conditional()
        return .conditional(condition, whenTrue, whenFalse, condition.span.union(whenFalse.span))
    }

    private mutating func coalesce() throws(ExpressionError) -> Expr {
        var lhs = try logicalOr()
        while current.kind == .coalesce {
            _ = advance()
            let rhs = try logicalOr()
            lhs = .binary(.coalesce, lhs, rhs, lhs.span.union(rhs.span))
        }
        return lhs
    }

    private mutating func logicalOr() throws(ExpressionError) -> Expr {
        var lhs = try logicalAnd()
        while current.kind == .or {
            _ = advance()
            let rhs = try logicalAnd()
            lhs = .binary(.or, lhs, rhs, lhs.span.union(rhs.span))
        }
        return lhs
    }

    private mutating func logicalAnd() throws(ExpressionError) -> Expr {
        var lhs = try equality()
        while current.kind == .and {
            _ = advance()
            let rhs = try equality()
            lhs = .binary(.and, lhs, rhs, lhs.span.union(rhs.span))
        }
        return lhs
    }

    private mutating func equality() throws(ExpressionError) -> Expr {
        var lhs = try relation()
        while true {
            let op: BinaryOperator
            switch current.kind {
            case .equal: op = .equal
            case .notEqual: op = .notEqual
            default: return lhs
            }
            _ = advance()
            let rhs = try relation()
            lhs = .binary(op, lhs, rhs, lhs.span.union(rhs.span))
        }
    }

    private mutating func relation() throws(ExpressionError) -> Expr {
        var lhs = try unary()
        while true {
            let op: BinaryOperator
            switch current.kind {
            case .less: op = .less
            case .lessEqual: op = .lessEqual
            case .greater: op = .greater
            case .greaterEqual: op = .greaterEqual
            case .keywordIn: op = .in
            default: return lhs
            }
            _ = advance()
            let rhs = try unary()
            lhs = .binary(op, lhs, rhs, lhs.span.union(rhs.span))
        }
    }

    private mutating func unary() throws(ExpressionError) -> Expr {
        let start = current.span
        switch current.kind {
        case .not, .minus:
            let op: UnaryOperator = current.kind == .not ? .not : .negate
            _ = advance()
            try enter()
            defer { depth -= 1 }
            let operand = try unary()
            if op == .negate, case .literal(let value, let span) = operand {
                switch value {
                case .integer(let i) where i != Int64.min: return .literal(.integer(-i), start.union(span))
                case .float(let d): return .literal(.float(-d), start.union(span))
                default: break
                }
            }
            return .unary(op, operand, start.union(operand.span))
        default:
            return try postfix()
        }
    }

    private mutating func postfix() throws(ExpressionError) -> Expr {
        var expr = try primary()
        while true {
            switch current.kind {
            case .dot:
                _ = advance()
                let token = advance()
                switch token.kind {
                case .identifier(let key): expr = .member(expr, key, expr.span.union(token.span))
                // Keywords are fine as object keys: `payload.null`, `payload.in`.
                case .keywordIn: expr = .member(expr, "in", expr.span.union(token.span))
                case .keywordTrue: expr = .member(expr, "true", expr.span.union(token.span))
                case .keywordFalse: expr = .member(expr, "false", expr.span.union(token.span))
                case .keywordNull: expr = .member(expr, "null", expr.span.union(token.span))
                case .integer(let i) where i >= 0:
                    // `payload.commits.0` reads like adnanh/webhook paths; treat as an index.
                    expr = .index(expr, .literal(.integer(i), token.span), expr.span.union(token.span))
                default:
                    throw ExpressionError(token.span, DiagnosticMessage.expected("a field name after '.'", found: token.display))
                }
            case .leftBracket:
                _ = advance()
                try enter()
                let key = try pipeline()
                depth -= 1
                let close = try expect(.rightBracket, "']'")
                expr = .index(expr, key, expr.span.union(close.span))
            default:
                return expr
            }
        }
    }

    private mutating func arguments() throws(ExpressionError) -> ([Expr], Int) {
        _ = try expect(.leftParen, "'('")
        try enter()
        defer { depth -= 1 }
        var args: [Expr] = []
        if current.kind != .rightParen {
            while true {
                args.append(try pipeline())
                guard current.kind == .comma else { break }
                _ = advance()
            }
        }
        let close = try expect(.rightParen, "')' or ','")
        return (args, close.span.end)
    }

    private mutating func primary() throws(ExpressionError) -> Expr {
        let token = current
        switch token.kind {
        case .integer(let value): _ = advance(); return .literal(.integer(value), token.span)
        case .float(let value): _ = advance(); return .literal(.float(value), token.span)
        case .string(let value): _ = advance(); return .literal(.string(value), token.span)
        case .keywordTrue: _ = advance(); return .literal(.bool(true), token.span)
        case .keywordFalse: _ = advance(); return .literal(.bool(false), token.span)
        case .keywordNull: _ = advance(); return .literal(.null, token.span)
        case .identifier(let name):
            _ = advance()
            if current.kind == .leftParen {
                let (args, end) = try arguments()
                return .call(name, token.span, args, SourceSpan(token.span.start, end))
            }
            return .name(name, token.span)
        case .leftParen:
            _ = advance()
            try enter()
            defer { depth -= 1 }
            let inner = try pipeline()
            _ = try expect(.rightParen, "')'")
            return inner
        case .leftBracket:
            _ = advance()
            try enter()
            defer { depth -= 1 }
            var items: [Expr] = []
            if current.kind != .rightBracket {
                while true {
                    items.append(try pipeline())
                    guard current.kind == .comma else { break }
                    _ = advance()
                    if current.kind == .rightBracket { break }  // trailing comma
                }
            }
            let close = try expect(.rightBracket, "']' or ','")
            return .list(items, token.span.union(close.span))
        default:
            throw ExpressionError(token.span, DiagnosticMessage.expected("a value", found: token.display))
        }
    }
}
