import Rules
import Testing

@Suite struct ParserTests {
    /// Input and the fully parenthesised tree it must print.
    static let trees: [(String, String)] = [
        ("a.b.c", "a.b.c"),
        ("payload.commits[0].id", "payload.commits[0].id"),
        ("headers[\"x-github-event\"]", "headers[\"x-github-event\"]"),
        ("a == 1 && b != 2 || c", "(((a == 1) && (b != 2)) || c)"),
        ("a || b && c", "(a || (b && c))"),
        ("!a && b", "((!a) && b)"),
        ("a < 1 == b >= 2", "((a < 1) == (b >= 2))"),
        ("x in [1, 2, 'three']", "(x in [1, 2, \"three\"])"),
        ("a ? b : c ? d : e", "(a ? b : (c ? d : e))"),
        ("a ?? b ?? 'c'", "((a ?? b) ?? \"c\")"),
        ("a ?? b ? 1 : 2", "((a ?? b) ? 1 : 2)"),
        ("lower(a) | truncate(10) | upper", "upper(truncate(lower(a), 10))"),
        ("a | default('x')", "default(a, \"x\")"),
        ("-3 < -x", "(-3 < (-x))"),
        ("1.5e3", "1500.0"),
        ("'a\\n\\\"b\\u{1F600}'", "\"a\n\\\"b😀\""),
        ("payload.commits.0.id", "payload.commits[0].id"),
        ("payload.in.null", "payload.in.null"),
        ("[]", "[]"),
        ("[1, 2,]", "[1, 2]"),
        ("(a)", "a"),
        ("f()", "f()"),
    ]

    @Test(arguments: trees) func printsTree(input: String, expected: String) throws {
        #expect(try Parser.parse(input).description == expected)
    }

    /// Input, the byte offset of the error and its exact message.
    static let errors: [(String, Int, String)] = [
        ("", 0, "empty expression"),
        ("a = b", 2, "expected '==', found a single '=' (assignment is not an expression)"),
        ("a & b", 2, "expected '&&', found a single '&'"),
        ("a ==", 4, "expected a value, found end of expression"),
        ("(a", 2, "expected ')', found end of expression"),
        ("a b", 2, "unexpected 'b' after the end of the expression"),
        ("'abc", 0, "unterminated string literal"),
        ("'a\\qb'", 2, "unknown escape '\\q' (use \\n \\t \\r \\0 \\\\ \\\" \\' \\u{...})"),
        ("a ? b", 5, "expected ':' of '?:', found end of expression"),
        ("f(a,", 4, "expected a value, found end of expression"),
        ("a.", 2, "expected a field name after '.', found end of expression"),
        ("a | 3", 4, "expected a filter name, found number"),
        ("12abc", 0, "malformed number"),
        ("a # b", 2, "unexpected character '#'"),
        ("1e999", 0, "number out of range: 1e999"),
        ("[1, 2", 5, "expected ']' or ',', found end of expression"),
        ("'\\u{zz}'", 1, "malformed unicode escape (use \\uXXXX or \\u{X...})"),
    ]

    @Test(arguments: errors) func reportsError(input: String, offset: Int, message: String) {
        do {
            let expr = try Parser.parse(input)
            Issue.record("parsed as \(expr)")
        } catch {
            #expect(error.span.start == offset)
            #expect(error.message == message)
        }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "(", count: 5000) + "a" + String(repeating: ")", count: 5000)
        #expect(throws: ExpressionError.self) { try Parser.parse(deep) }
        let bangs = String(repeating: "!", count: 5000) + "a"
        #expect(throws: ExpressionError.self) { try Parser.parse(bangs) }
    }

    @Test func spansCoverTheirSubexpressions() throws {
        let expr = try Parser.parse("payload.a == 'x'")
        guard case .binary(_, let lhs, let rhs, let span) = expr else {
            Issue.record("not a binary: \(expr)")
            return
        }
        #expect(span == SourceSpan(0, 16))
        #expect(lhs.span == SourceSpan(0, 9))
        #expect(rhs.span == SourceSpan(13, 16))
    }
}
