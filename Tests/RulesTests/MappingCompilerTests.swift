import JSON
import Rules
import Testing

@Suite struct MappingCompilerTests {
    static func compile(_ text: String, env: [String: String] = [:]) throws(LoadError) -> MappingSet {
        var compiler = MappingCompiler(environment: env, sources: Fixtures.sources)
        compiler.add(file: "m.toml", text: text)
        return try compiler.finish()
    }

    static func errors(_ text: String, env: [String: String] = [:]) -> [String] {
        do {
            _ = try compile(text, env: env)
            return []
        } catch {
            return error.lines
        }
    }

    @Test func reportsEveryProblemAtOnceSortedWithPositions() {
        let text = """
            [[rule]]
            name = "a"
            source = "gitbub"
            colour = "red"
            when = 'payload.x == 1 && nope(payload.y)'
            dedup_key = "k:{{ payload.id "

            [[rule.actions]]
            do = "create_bugs"

            [[rule.actions]]
            do = "comment"
            txt = "hello {{ payload. }}"

            [[rule]]
            name = "a"
            source = "github"
            when = "payload.a < 'b' ||"

            [[rule.actions]]
            do = "set_status"
            status = "Resolved"
            only_if_exists = "yes"
            """
        #expect(Self.errors(text) == [
            "m.toml:3:11: unknown source 'gitbub' (known: github, gitlab, jenkins, ci, jira, slack)",
            "m.toml:4:1: unknown key 'colour' in [[rule]] (known: actions, dedup_key, description, enabled, event, integration_platform, name, source, when)",
            "m.toml:5:27: unknown function 'nope' (known: contains, startsWith, endsWith, matches, extract, lower, upper, trim, len, default, join, split, replace, truncate, first, last, json, string, find, pluck, keys, slice)",
            "m.toml:6:16: unclosed '{{' (write {{ \"{{\" }} for a literal '{{')",
            "m.toml:9:7: unknown action 'create_bugs' (known: create_bug, comment, set_status, update_bug, reply, follow_up, search_bugs, lookup_asset, lookup_user, set_asset_status, add_maintenance)",
            "m.toml:11:1: a 'comment' action needs 'text'",
            "m.toml:13:1: unknown key 'txt' in a 'comment' action (known: author, bug_id, do, id, skip_repeat, text, when)",
            "m.toml:16:1: duplicate rule name 'a' (first defined at m.toml:1:1)",
            "m.toml:18:27: expected a value, found end of expression",
            "m.toml:21:6: action 'set_status' works on the bug found by the rule's dedup_key, but the rule has no 'dedup_key' (or give 'bug_id')",
            "m.toml:23:18: 'only_if_exists' must be true or false, found string",
        ])
    }

    @Test func environmentReferencesResolveOrNameTheMissingVariable() throws {
        let text = """
            [[rule]]
            name = "env"
            source = "ci"
            [[rule.actions]]
            do = "create_bug"
            project = "${PROJECT}"
            summary = "in ${REGION} costs $${literal}"
            """
        #expect(Self.errors(text) == [
            "m.toml:6:12: environment variable 'PROJECT' is not set",
            "m.toml:7:15: environment variable 'REGION' is not set",
        ])
        let set = try Self.compile(text, env: ["PROJECT": "42", "REGION": "eu"])
        let result = set.evaluate(RuleEvent(source: "ci", name: "x", payload: [:]))
        #expect(result.actions.map(\.json) == [[
            "do": "create_bug", "rule": "env", "project": "42", "summary": "in eu costs ${literal}",
            "on_duplicate": "comment",
        ]])
    }

    @Test func coalesceHoldsRepeatsOfAKeyForOneComment() throws {
        let set = try Self.compile("""
            [[rule]]
            name = "ci"
            source = "ci"
            dedup_key = "ci:{{ payload.pipeline }}"
            [[rule.actions]]
            do = "create_bug"
            summary = "CI failed"
            duplicate_comment = "Failed again: {{ payload.url }}"
            coalesce = "2m"
            coalesce_label = "#{{ payload.run }}"
            """)
        let result = set.evaluate(RuleEvent(source: "ci", name: "x", payload: ["pipeline": "main", "run": 512, "url": "https://ci/512"]))
        #expect(result.actions.map(\.json) == [[
            "do": "create_bug", "rule": "ci", "dedup_key": "ci:main", "summary": "CI failed", "on_duplicate": "comment",
            "duplicate_comment": "Failed again: https://ci/512", "coalesce_seconds": 120, "coalesce_label": "#512",
        ]])
        let action = try #require(result.actions.first)
        #expect(try ActionCodec.decode(ActionCodec.encode(action)) == action)
    }

    @Test func coalesceIsRefusedWhereItCannotWork() {
        #expect(Self.errors("""
            [[rule]]
            name = "a"
            source = "ci"
            [[rule.actions]]
            do = "create_bug"
            summary = "x"
            on_duplicate = "update"
            coalesce = "2h"
            [[rule.actions]]
            do = "create_bug"
            summary = "y"
            coalesce_label = "#1"
            [[rule.actions]]
            do = "create_bug"
            summary = "z"
            coalesce = "500ms"
            """) == [
            "m.toml:8:12: 'coalesce' groups the repeats of one dedup_key, but the rule has no 'dedup_key'",
            "m.toml:8:12: 'coalesce' makes repeats one comment; it needs on_duplicate = \"comment\" or \"reopen\", found \"update\"",
            "m.toml:8:13: 'coalesce' must be from \"1s\" to \"1h\"",
            "m.toml:12:18: 'coalesce_label' names an event in a coalesced comment; set 'coalesce' too",
            "m.toml:16:12: 'coalesce' groups the repeats of one dedup_key, but the rule has no 'dedup_key'",
            "m.toml:16:13: 'coalesce' must be from \"1s\" to \"1h\"",
        ])
    }

    @Test func checkOutputShowsTheLineWithACaret() {
        let text = "[[rule]]\nname = \"r\"\nsource = \"ci\"\nwhen = \"\tpayload.x == nope()\"\n[[rule.actions]]\ndo = \"reply\"\ntext = \"x\"\n"
        do {
            _ = try Self.compile(text)
            Issue.record("expected an error")
        } catch {
            #expect(error.linesWithSource { $0 == "m.toml" ? text : nil } == [
                "m.toml:4:23: unknown function 'nope' (known: contains, startsWith, endsWith, matches, extract, lower, upper, trim, len, default, join, split, replace, truncate, first, last, json, string, find, pluck, keys, slice)",
                "    when = \"\tpayload.x == nope()\"",
                "            \t             ^",
            ])
        }
    }

    @Test func tomlSyntaxErrorsArePositioned() {
        let lines = Self.errors("[[rule]]\nname = \"x\nsource = 1\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("m.toml:2:") == true)
    }

    @Test func errorsAreCapped() {
        var text = ""
        for i in 0..<150 { text += "unknown\(i) = 1\n" }
        let lines = Self.errors(text)
        #expect(lines.count == 101)
        #expect(lines.last == "50 more errors were truncated")
    }

    @Test func longValuesAreTruncatedToSnifferLimits() throws {
        let set = try Self.compile("""
            [[rule]]
            name = "long"
            source = "ci"
            dedup_key = "{{ payload.text }}"
            [[rule.actions]]
            do = "create_bug"
            summary = "{{ payload.text }}"
            tags = "{{ payload.tags }}"
            """)
        let long = String(repeating: "x", count: 1000)
        let tags = JSON.array((0..<50).map { .string("t\($0)") })
        let result = set.evaluate(RuleEvent(source: "ci", name: "e", payload: ["text": .string(long), "tags": tags]))
        guard case .createBug(let create) = result.actions.first?.kind else {
            Issue.record("no create_bug: \(result)")
            return
        }
        #expect(create.fields.summary?.count == 255)
        #expect(create.fields.summary?.hasSuffix("…") == true)
        #expect(create.fields.tags?.count == 20)
        #expect(result.actions.first?.dedupKey?.count == 255)
    }

    @Test func tablesAreLookupsForExpressions() throws {
        let set = try Self.compile("""
            [tables.status]
            "In Progress" = "In Progress"
            Done = "Resolved"

            [[rule]]
            name = "jira-status"
            source = "jira"
            event = ["jira:issue_updated"]
            when = "find(payload.changelog.items, 'field', 'status') != null"
            dedup_key = "jira:{{ payload.issue.key }}"
            [[rule.actions]]
            do = "set_status"
            status = "{{ tables.status[find(payload.changelog.items, 'field', 'status').toString] ?? 'Open' }}"
            """)
        let payload: JSON = ["issue": ["key": "HD-1"], "changelog": ["items": [["field": "status", "toString": "Done"]]]]
        let result = set.evaluate(RuleEvent(source: "jira", name: "jira:issue_updated", payload: payload))
        #expect(result.actions == [Action(rule: "jira-status", dedupKey: "jira:HD-1", kind: .setStatus(.init(status: "Resolved")))])
        #expect(set.evaluate(RuleEvent(source: "jira", name: "jira:issue_created", payload: payload)).actions.isEmpty)
    }
}
