import JSON
import Rules
import Testing

/// `--explain`: which part of `when` was false, with the values seen.
@Suite struct ExplainTests {
    static let cases: [(String, [String])] = [
        ("payload.action == 'completed' && payload.count > 5", [
            "`payload.count > 5` is false",
            "  `payload.count` = 3",
        ]),
        ("payload.workflow_run.conclusion == 'success' || 'x' in payload.workflow_run.labels", [
            "`payload.workflow_run.conclusion == 'success'` is false",
            "  `payload.workflow_run.conclusion` = \"failure\"",
            "`'x' in payload.workflow_run.labels` is false",
            "  `payload.workflow_run.labels` = [\"bug\",\"ci\"]",
        ]),
        ("!contains(payload.workflow_run.labels, 'ci')", [
            "`contains(payload.workflow_run.labels, 'ci')` is true",
            "  `payload.workflow_run.labels` = [\"bug\",\"ci\"]",
        ]),
        ("startsWith(payload.repository.full_name, 'acme/')", [
            "`startsWith(payload.repository.full_name, 'acme/')` is false",
            "  `payload.repository.full_name` = \"octo/repo\"",
        ]),
        ("payload.missing.flag", ["`payload.missing.flag` = null"]),
        ("(payload.action == 'requested')", [
            "`payload.action == 'requested'` is false",
            "  `payload.action` = \"completed\"",
        ]),
    ]

    @Test(arguments: cases) func showsTheFalsePartsWithTheirValues(when: String, lines: [String]) throws {
        let compiled = try CompiledExpression.compile(when)
        #expect(try compiled.evaluate(Fixtures.sample) != true)
        #expect(Explain.whyFalse(compiled, event: Fixtures.sample) == lines)
    }

    @Test func reportListsEveryRuleWithItsFate() throws {
        var compiler = MappingCompiler(environment: [:], sources: Fixtures.sources)
        compiler.add(file: "m.toml", text: """
            [[rule]]
            name = "yes"
            source = "github"
            [[rule.actions]]
            do = "reply"
            text = "ok"

            [[rule]]
            name = "no"
            source = "github"
            when = "payload.count > 10"
            [[rule.actions]]
            do = "reply"
            text = "never"

            [[rule]]
            name = "broken"
            source = "github"
            when = "payload.count > 'ten'"
            [[rule.actions]]
            do = "reply"
            text = "never"

            [[rule]]
            name = "elsewhere"
            source = "jira"
            [[rule.actions]]
            do = "reply"
            text = "never"
            """)
        let result = try compiler.finish().evaluate(Fixtures.sample, explain: true)
        #expect(ExplainReport.lines(result) == [
            "rule 'yes' (m.toml:1:1): matched, 1 action",
            "rule 'no' (m.toml:8:1): not matched, 'when' is false",
            "    `payload.count > 10` is false",
            "      `payload.count` = 3",
            "rule 'broken' (m.toml:16:1): FAILED",
            "    rule 'broken' failed at m.toml:19:9: operator '>' cannot compare number and string",
            "rule 'elsewhere' (m.toml:24:1): skipped, rule is for source 'jira'",
            "1 of 4 rules matched, 1 action",
        ])
    }
}
