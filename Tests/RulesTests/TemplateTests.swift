import JSON
import Rules
import Testing

@Suite struct TemplateTests {
    static let rendered: [(String, JSON)] = [
        ("plain text", "plain text"),
        ("CI failed: {{ payload.workflow_run.name }} on {{payload.workflow_run.head_branch}}", "CI failed: CI on main"),
        ("{{ payload.workflow_run.labels }}", ["bug", "ci"]),
        ("labels: {{ payload.workflow_run.labels }}", "labels: [\"bug\",\"ci\"]"),
        ("run #{{ payload.workflow_run.run_number }}", "run #96"),
        ("{{ payload.missing }}|", "|"),
        ("{{ payload.workflow_run.name | lower | truncate(10) }}", "ci"),
        ("literal {{ \"{{\" }} braces }}", "literal {{ braces }}"),
        ("{{ '}}' }}", "}}"),
        ("a { b } c", "a { b } c"),
        ("multi\n{{ payload.commits[0].id }}\nline", "multi\nabc123\nline"),
        ("{{\n  payload.count > 1\n  ? 'many'\n  : 'few'\n}}", "many"),
        ("{{ payload.workflow_run.duration }}s", "12.5s"),
    ]

    @Test(arguments: rendered) func renders(text: String, expected: JSON) throws {
        #expect(try Template.compile(text).render(Fixtures.sample) == expected)
    }

    @Test func errorsPointIntoTheHostFile() {
        var bag = DiagnosticBag()
        let origin = SourceLocation(file: "m.toml", line: 10, column: 12)
        let text = "first {{ payload.a }}\nsecond {{ nope(1) }} and {{ payload. }}\n{{ unclosed"
        #expect(Template.compile(text, origin: origin, diagnostics: &bag) == nil)
        #expect(bag.rendered == [
            "m.toml:11:11: unknown function 'nope' (known: contains, startsWith, endsWith, matches, extract, lower, upper, trim, len, default, join, split, replace, truncate, first, last, json, string, find, pluck, keys, slice)",
            "m.toml:11:38: expected a field name after '.', found end of expression",
            "m.toml:12:1: unclosed '{{' (write {{ \"{{\" }} for a literal '{{')",
        ])

        var second = DiagnosticBag()
        let text2 = "first {{ payload.a }}\nsecond {{ nope(1) }} and {{ payload. }} {{ }}"
        #expect(Template.compile(text2, origin: origin, diagnostics: &second) == nil)
        #expect(second.rendered == [
            "m.toml:11:11: unknown function 'nope' (known: contains, startsWith, endsWith, matches, extract, lower, upper, trim, len, default, join, split, replace, truncate, first, last, json, string, find, pluck, keys, slice)",
            "m.toml:11:38: expected a field name after '.', found end of expression",
            "m.toml:11:41: empty '{{ }}'",
        ])
    }

    @Test func runtimeErrorsCarryTheirLocation() throws {
        var bag = DiagnosticBag()
        let template = try #require(Template.compile(
            "x\n  {{ payload.count < 'a' }}", origin: SourceLocation(file: "m.toml", line: 3, column: 5),
            diagnostics: &bag))
        #expect(throws: EvaluationFailure(
            location: SourceLocation(file: "m.toml", line: 4, column: 6),
            message: "operator '<' cannot compare number and string")
        ) { try template.render(Fixtures.sample) }
    }
}
