import JSON
import Rules
import Testing

@Suite struct InterpreterTests {
    /// Expression and the value it must produce against `Fixtures.sample`.
    static let values: [(String, JSON)] = [
        ("payload.workflow_run.conclusion", "failure"),
        ("payload.workflow_run.conclusion == 'failure'", true),
        ("payload.missing.deeper.still", nil),
        ("payload.commits[0].id", "abc123"),
        ("payload.commits[-1].id", "def456"),
        ("payload.commits[5].id", nil),
        ("payload['workflow_run']['name']", "CI"),
        ("headers['x-github-event']", "workflow_run"),
        ("headers['X-GITHUB-EVENT']", "workflow_run"),
        ("headers.missing", nil),
        ("source", "github"),
        ("event", "workflow_run"),
        ("delivery", "d-1"),
        ("received_at", "2023-11-14T22:13:20Z"),
        ("payload.count > 2 && payload.count <= 3", true),
        ("payload.workflow_run.duration >= 12", true),
        ("payload.workflow_run.run_number == 96.0", true),
        ("'b' > 'a'", true),
        ("payload.missing < 3", false),
        ("!payload.repository.private", true),
        ("!payload.missing", true),
        ("payload.workflow_run.conclusion in ['failure', 'timed_out']", true),
        ("'bug' in payload.workflow_run.labels", true),
        ("'ail' in payload.workflow_run.conclusion", true),
        ("'name' in payload.workflow_run", true),
        ("'x' in payload.missing", false),
        ("payload.missing ?? 'fallback'", "fallback"),
        ("payload.empty ?? 'fallback'", ""),
        ("default(payload.empty, 'fallback')", "fallback"),
        ("payload.count > 1 ? 'many' : 'few'", "many"),
        ("contains(payload.workflow_run.labels, 'ci')", true),
        ("startsWith(payload.repository.full_name, 'octo/')", true),
        ("endsWith(payload.repository.full_name, '/repo')", true),
        ("matches(payload.workflow_run.head_branch, '^(main|master)$')", true),
        ("matches(payload.workflow_run.head_branch, payload.workflow_run.name)", false),
        ("matches(payload.missing, 'x')", false),
        ("lower('MiXeD')", "mixed"),
        ("upper(payload.workflow_run.name)", "CI"),
        ("trim('  padded \\n')", "padded"),
        ("len(payload.commits)", 2),
        ("len('héllo')", 5),
        ("len(payload.missing)", 0),
        ("join(payload.workflow_run.labels)", "bug, ci"),
        ("join(payload.workflow_run.labels, '+')", "bug+ci"),
        ("split('a,b,c', ',')", ["a", "b", "c"]),
        ("replace('a-b-c', '-', '_')", "a_b_c"),
        ("truncate('abcdefgh', 5)", "abcd…"),
        ("truncate('abc', 5)", "abc"),
        ("truncate('abcdefgh', 5, '...')", "ab..."),
        ("first(payload.commits).id", "abc123"),
        ("last(payload.workflow_run.labels)", "ci"),
        ("first(split(payload.commits[0].message, '\\n'))", "Fix it"),
        ("json(payload.workflow_run.labels)", "[\"bug\",\"ci\"]"),
        ("string(payload.count)", "3"),
        ("find(payload.commits, 'id', 'def456').message", "Second"),
        ("pluck(payload.commits, 'id')", ["abc123", "def456"]),
        ("keys(payload.repository)", ["full_name", "private"]),
        ("payload.workflow_run.name | lower | truncate(1)", "…"),
        ("-payload.count", -3),
        ("slice(split('bug status 123 In Progress', ' '), 3) | join(' ')", "In Progress"),
        ("slice(payload.commits, -1)[0].id", "def456"),
        ("slice('abcdef', 1, -2)", "bcd"),
        ("slice(payload.commits, 5, 9)", []),
        ("[payload.count, 'x']", [3, "x"]),
        ("null == payload.nothing", true),
        ("1 == 1.0", true),
        ("'1' == 1", false),
    ]

    @Test(arguments: values) func evaluates(text: String, expected: JSON) throws {
        #expect(try Fixtures.eval(text) == expected)
    }

    /// Runtime type errors: expression, and the exact message.
    static let typeErrors: [(String, String)] = [
        ("'a' < 3", "operator '<' cannot compare string and number"),
        ("payload.workflow_run.labels > 1", "operator '>' cannot compare list and number"),
        ("payload.count && true", "operand of '&&' must be a bool, found number"),
        ("'x' ? 1 : 2", "operand of '?:' must be a bool, found string"),
        ("3 in 'abc'", "'in' cannot look for a number in a string"),
        ("1 in 2", "'in' cannot look for a number in a number"),
        ("lower(payload.commits)", "lower() cannot take a list"),
        ("payload.commits['x'] ?? payload.commits[true]", "cannot index a list with a bool"),
        ("-'x'", "operator '-' cannot take a string"),
    ]

    @Test(arguments: typeErrors) func typeErrorsAreMessages(text: String, message: String) throws {
        let compiled = try CompiledExpression.compile(text)
        #expect(throws: EvaluationError.self) { try compiled.evaluate(Fixtures.sample) }
        do {
            _ = try compiled.evaluate(Fixtures.sample)
        } catch {
            #expect(error.message == message)
        }
    }

    @Test func orForgivesAnErrorTheOtherSideDecides() throws {
        #expect(try Fixtures.eval("('a' < 3) || true") == true)
        #expect(try Fixtures.eval("false && ('a' < 3)") == false)
        #expect(try Fixtures.eval("('a' < 3) && false") == false)
        #expect(throws: EvaluationError.self) { try Fixtures.eval("('a' < 3) || false") }
    }

    @Test func dynamicRegexIsCompiledAndCachedOrRejected() throws {
        let event = RuleEvent(source: "ci", name: "x", payload: ["re": "^a+$", "bad": "(", "s": "aaa"])
        #expect(try Fixtures.eval("matches(payload.s, payload.re)", event) == true)
        #expect(try Fixtures.eval("matches(payload.s, payload.re)", event) == true)
        #expect(throws: EvaluationError.self) { try Fixtures.eval("matches(payload.s, payload.bad)", event) }
    }

    /// Load-time (checker) errors: expression and all messages.
    static let checkErrors: [(String, [String])] = [
        ("nope(1)", ["<expression>:1:1: unknown function 'nope' (known: contains, startsWith, endsWith, matches, extract, lower, upper, trim, len, default, join, split, replace, truncate, first, last, json, string, find, pluck, keys, slice)"]),
        ("lower(a, b)", ["<expression>:1:1: wrong number of arguments: lower(text) called with 2"]),
        ("payload.x == foo && bar", [
            "<expression>:1:14: unknown name 'foo' (known: payload, headers, source, event, delivery, tables, steps, error, received_at)",
            "<expression>:1:21: unknown name 'bar' (known: payload, headers, source, event, delivery, tables, steps, error, received_at)",
        ]),
        ("matches(payload.x, '(')", ["<expression>:1:20: invalid regular expression \"(\""]),
        ("lower", ["<expression>:1:1: 'lower' is a function: call it as lower(...)"]),
        ("tables.status", ["<expression>:1:1: unknown table 'status' (this file declares no [tables])"]),
    ]

    @Test(arguments: checkErrors) func checkErrorsAreAllReported(text: String, messages: [String]) {
        do {
            _ = try CompiledExpression.compile(text)
            Issue.record("expected a load error for \(text)")
        } catch {
            #expect(error.lines == messages)
        }
    }
}
