import Foundation
import JSON
import Rules
import TestSupport
import Testing

/// `mappings/github-actions.toml` against the real GitHub fixtures.
@Suite struct ShippedMappingTests {
    static func githubMappings() throws -> MappingSet {
        let path = SharedFiles.packageRoot.appendingPathComponent("mappings/github-actions.toml").path
        var compiler = MappingCompiler(environment: [:], sources: Fixtures.sources)
        compiler.add(file: path, text: try String(contentsOfFile: path, encoding: .utf8))
        return try compiler.finish()
    }

    @Test func failingWorkflowRunFilesABugKeyedByRepoWorkflowBranch() throws {
        let set = try Self.githubMappings()
        let result = set.evaluate(try Fixtures.githubEvent("github/workflow_run.completed.failure.json"))
        #expect(result.failures.isEmpty)
        #expect(result.actions.count == 1)
        let action = try #require(result.actions.first)
        #expect(action.rule == "github-workflow-failed")
        #expect(action.dedupKey == "github:clee2000/random-testing:workflow:rebase:master")
        guard case .createBug(let create) = action.kind else {
            Issue.record("expected create_bug, got \(action.kind)")
            return
        }
        #expect(create.fields.summary == "CI failed: rebase on clee2000/random-testing@master")
        #expect(create.fields.severity == "High")
        #expect(create.fields.tags == ["ci", "github-actions", "rebase"])
        #expect(create.onDuplicate == .reopen)
        #expect(create.reopenWindowSeconds == 7 * 86_400)
        #expect(create.fields.description?.contains("- Commit: d74df09c45f5 Update thing.xml\n") == true)
        #expect(create.fields.description?.contains("https://github.com/clee2000/random-testing/actions/runs/3206737417") == true)
        #expect(create.duplicateComment?.hasPrefix("Failed again: run #96 (failure) https://github.com/") == true)
        #expect(create.fields.extra["commit"] == "d74df09c45f5b338e2f67c1c73e8662ccf97561c")
    }

    @Test func requestedRunProducesNothingAndExplainsWhy() throws {
        let set = try Self.githubMappings()
        let result = set.evaluate(try Fixtures.githubEvent("github/workflow_run.requested.json"), explain: true)
        #expect(result.actions.isEmpty)
        #expect(result.failures.isEmpty)
        let failed = try #require(result.outcomes.first { $0.rule == "github-workflow-failed" })
        #expect(failed.status == .notMatched([
            "`payload.action == \"completed\"` is false",
            "  `payload.action` = \"requested\"",
        ]))
        let deploy = try #require(result.outcomes.first { $0.rule == "github-deployment-failed" })
        #expect(deploy.status == .skipped("rule is for event 'deployment_status'"))
    }

    @Test func successfulRunResolvesTheBug() throws {
        let set = try Self.githubMappings()
        let event = try Fixtures.githubEvent("github/workflow_run.completed.success.json")
        let result = set.evaluate(event)
        let key = "github:\(event.payload["repository"]?["full_name"]?.stringValue ?? ""):workflow:"
            + "\(event.payload["workflow_run"]?["name"]?.stringValue ?? ""):\(event.payload["workflow_run"]?["head_branch"]?.stringValue ?? "")"
        #expect(result.actions.count == 1)
        #expect(result.actions.first?.dedupKey == key)
        guard case .setStatus(let set) = result.actions.first?.kind else {
            Issue.record("expected set_status, got \(result.actions)")
            return
        }
        #expect(set.status == "Resolved")
        #expect(set.onlyIfExists)
    }

    @Test func legacyDeploymentFailureFilesACriticalBug() throws {
        let set = try Self.githubMappings()
        let result = set.evaluate(
            try Fixtures.githubEvent("github/deployment_status.failure.legacy-no-action.json", event: "deployment_status"))
        #expect(result.actions.map(\.rule) == ["github-deployment-failed"])
        #expect(result.actions.first?.dedupKey == "github:baxterthehacker/public-repo:deployment:production")
        guard case .createBug(let create) = result.actions.first?.kind else { return }
        #expect(create.fields.severity == "Critical")
        #expect(create.fields.description?.contains("Log: n/a") == true)
    }

    @Test func thePathCacheNeverLeaksValuesBetweenEvents() throws {
        let set = try Self.githubMappings()
        let failure = try Fixtures.githubEvent("github/workflow_run.completed.failure.json")
        let success = try Fixtures.githubEvent("github/workflow_run.completed.success.json")
        let first = set.evaluate(failure)
        let second = set.evaluate(success)
        let again = set.evaluate(failure)
        #expect(first == again)
        #expect(first.actions.map(\.rule) == ["github-workflow-failed"])
        #expect(second.actions.map(\.rule) == ["github-workflow-recovered"])
        #expect(first.actions.first?.dedupKey != second.actions.first?.dedupKey)
    }

    @Test func aTypeErrorFailsOnlyItsRuleNamingFileAndLine() throws {
        var compiler = MappingCompiler(environment: [:], sources: Fixtures.sources)
        compiler.add(file: "bad.toml", text: """
            [[rule]]
            name = "broken"
            source = "github"
            when = "payload.workflow_run.name < 3"
            [[rule.actions]]
            do = "reply"
            text = "x"

            [[rule]]
            name = "fine"
            source = "github"
            [[rule.actions]]
            do = "reply"
            text = "ok"
            """)
        let set = try compiler.finish()
        let result = set.evaluate(try Fixtures.githubEvent("github/workflow_run.completed.failure.json"))
        #expect(result.failures == ["rule 'broken' failed at bad.toml:4:9: operator '<' cannot compare string and number"])
        #expect(result.actions.map(\.rule) == ["fine"])
    }
}

@Suite struct ActionJSONTests {
    static let actions: [Action] = [
        Action(rule: "r", dedupKey: "k", kind: .createBug(.init(
            project: "7", fields: .init(summary: "s", description: "d", severity: "High", type: "Bug", platform: "p",
                tags: ["a"], assignees: ["u"], extra: ["x": 1]),
            onDuplicate: .reopen, reopenWindowSeconds: 60, reopenStatus: "Open", duplicateComment: "again"))),
        Action(rule: "r", dedupKey: "k", kind: .comment(.init(text: "t", author: "ann", skipRepeat: false))),
        Action(rule: "r", dedupKey: "k", kind: .setStatus(.init(status: "Resolved", onlyIfExists: false, comment: "c"))),
        Action(rule: "r", dedupKey: nil, bugID: "123", kind: .setStatus(.init(status: "Done"))),
        Action(rule: "r", dedupKey: "k", kind: .updateBug(.init(fields: .init(summary: "new"), onlyIfExists: true))),
        Action(rule: "r", dedupKey: nil, kind: .reply(.init(text: "hi", visibility: .inChannel))),
        Action(rule: "r", dedupKey: nil, kind: .followUp(.init(url: "https://x", success: "ok {bug.id}", failure: "no {error}"))),
        Action(rule: "r", dedupKey: nil, kind: .searchBugs(.init(query: "login", limit: 3, project: nil))),
    ]

    @Test(arguments: actions) func roundTripsThroughJSON(action: Action) throws {
        #expect(try Action(json: action.json) == action)
        #expect(try Action(json: JSON(parsing: action.json.serialized())) == action)
    }

    @Test func rejectsMalformedActions() {
        #expect(throws: Action.DecodingError(description: "unknown action 'explode'")) {
            try Action(json: ["do": "explode", "rule": "r"])
        }
        #expect(throws: Action.DecodingError(description: "unknown key 'txt' for 'comment'")) {
            try Action(json: ["do": "comment", "rule": "r", "text": "t", "txt": "typo"])
        }
        #expect(throws: Action.DecodingError(description: "missing 'status'")) {
            try Action(json: ["do": "set_status", "rule": "r"])
        }
    }
}
