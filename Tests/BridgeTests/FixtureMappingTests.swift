@testable import Bridge
import Config
import Foundation
import JSON
import Rules
import Testing
import TestSupport

/// Every shared fixture of the five real sources, decoded as `dry-run` and
/// `serve` decode it, against the shipped mappings: the exact actions, none,
/// or the adapter's refusal. A fixture without a row fails the suite.
@Suite struct FixtureMappingTests {
    enum Expected: Sendable, CustomStringConvertible {
        /// The actions, one `ShippedMappings.summary` line each ([]: none).
        case actions([String])
        /// Answered by the gateway itself (GitHub ping): no rule runs.
        case answeredByGateway
        /// The adapter refuses the body with a message containing this text.
        case refused(String)

        var description: String {
            switch self {
            case .actions(let lines): return "\(lines)"
            case .answeredByGateway: return "answered by the gateway"
            case .refused(let text): return "refused: \(text)"
            }
        }
    }

    struct Row: Sendable, CustomTestStringConvertible {
        let file: String
        let headers: [String]
        let expected: Expected
        var testDescription: String { file }
    }

    static func github(_ file: String, _ event: String, _ expected: Expected) -> Row {
        Row(file: "github/" + file, headers: ["X-GitHub-Event: \(event)", "X-GitHub-Delivery: d-1"], expected: expected)
    }

    static func gitlab(_ file: String, _ event: String, _ expected: Expected) -> Row {
        Row(file: "gitlab/" + file, headers: ["X-Gitlab-Event: \(event)"], expected: expected)
    }

    static func plain(_ file: String, _ expected: Expected) -> Row { Row(file: file, headers: [], expected: expected) }

    static let rows: [Row] = [
        github("check_suite.completed.success.json", "check_suite", .actions([])),
        github("deployment_status.created.in_progress.gh-pages.json", "deployment_status", .actions([])),
        github("deployment_status.created.success.json", "deployment_status", .actions([
            "set_status github-deployment-recovered github:Codertocat/Hello-World:deployment:production: Resolved",
        ])),
        github("deployment_status.failure.legacy-no-action.json", "deployment_status", .actions([
            "create_bug github-deployment-failed github:baxterthehacker/public-repo:deployment:production: "
                + "Deployment to production failed: baxterthehacker/public-repo [Critical/GitHub Deployments]",
        ])),
        // The docs' 13-byte HMAC vector is not a webhook body.
        Row(file: "github/hmac-test-vector.payload.txt", headers: ["X-GitHub-Event: push", "Content-Type: application/json"],
            expected: .refused("body is not valid JSON")),
        github("ping.organization.json", "ping", .answeredByGateway),
        github("ping.repo.json", "ping", .answeredByGateway),
        github("workflow_job.completed.failure.json", "workflow_job", .actions([])),
        github("workflow_job.completed.success.json", "workflow_job", .actions([])),
        github("workflow_run.completed.failure.json", "workflow_run", .actions([
            "create_bug github-workflow-failed github:clee2000/random-testing:workflow:rebase:master: "
                + "CI failed: rebase on clee2000/random-testing@master [High/GitHub Actions]",
        ])),
        // Probot's test envelope, not a wire body: no `action` at the top level.
        github("workflow_run.completed.failure.probot-envelope.json", "workflow_run", .actions([])),
        github("workflow_run.completed.success.json", "workflow_run", .actions([
            "set_status github-workflow-recovered github:octo-org/octo-repo:workflow::master: Resolved",
        ])),
        github("workflow_run.completed.success.with-pull-requests.json", "workflow_run", .actions([
            "set_status github-workflow-recovered github:octo-org/octo-repo:workflow::master: Resolved",
        ])),
        github("workflow_run.requested.json", "workflow_run", .actions([])),

        gitlab("deployment_hook.failed.json", "Deployment Hook", .actions([
            "create_bug gitlab-deployment-failed gitlab:vedant8600317/test:deployment:production: "
                + "Deployment to production failed: vedant8600317/test [Critical/GitLab Deployments]",
        ])),
        gitlab("deployment_hook.success.go-gitlab-testdata.json", "Deployment Hook", .actions([
            "set_status gitlab-deployment-recovered gitlab:root/test-deployment-webhooks:deployment:staging: Resolved",
        ])),
        // Job events are not mapped: the pipeline carries the failure.
        gitlab("job_hook.failed.json", "Job Hook", .actions([])),
        gitlab("pipeline_hook.failed.json", "Pipeline Hook", .actions([
            "create_bug gitlab-pipeline-failed gitlab:android-team/customer-app:pipeline:main: "
                + "CI failed: android-team/customer-app@main [High/GitLab CI]",
        ])),
        gitlab("pipeline_hook.success.gitlab-com-2016.json", "Pipeline Hook", .actions([
            "set_status gitlab-pipeline-recovered gitlab:TomaszKolek/my-awesome-project:pipeline:master: Resolved",
        ])),
        gitlab("pipeline_hook.success.go-gitlab-testdata.json", "Pipeline Hook", .actions([
            "set_status gitlab-pipeline-recovered gitlab:gitlab-org/gitlab-test:pipeline:master: Resolved",
        ])),
        gitlab("pipeline_hook.success.nuecagram-edited.json", "Pipeline Hook", .actions([
            "set_status gitlab-pipeline-recovered gitlab:android-team/customer-app:pipeline:main: Resolved",
        ])),

        // COMPLETED precedes FINALIZED for the same build: only FINALIZED counts.
        plain("jenkins/notification-plugin.completed.failure.json", .actions([])),
        plain("jenkins/notification-plugin.completed.success.wiki-example.json", .actions([])),
        plain("jenkins/notification-plugin.finalized.failure.json", .actions([
            "create_bug jenkins-build-failed jenkins:JobUrl: Jenkins build failed: JobName [High/Jenkins]",
        ])),

        plain("jira/jira.comment_created.cloud.json", .actions([
            "comment jira-comment-created TES-41: Test User says Added a comment",
        ])),
        plain("jira/jira.issue_created.json", .actions([
            "create_bug jira-issue-created TES-41: [TES-41] Unit test summary [High/JIRA]",
        ])),
        plain("jira/jira.issue_deleted.json", .actions([])),
        plain("jira/jira.issue_updated.status_resolved.json", .actions([
            "set_status jira-status-changed TES-41: Resolved",
        ])),
        plain("jira/jira.issue_updated.status_todo_to_inprogress.json", .actions([
            "set_status jira-status-changed TES-41: In Progress",
        ])),

        // Other slash commands than /bug: no rule wants them.
        plain("slack/slash_command.bolt-python-enterprise.body.txt", .actions([])),
        // The docs list the fields one per line: not a form body.
        plain("slack/slash_command.legacy-docs-fields.txt", .refused("form field 'command' is missing")),
        plain("slack/slash_command.signing-test-vector.body.txt", .actions([])),
    ]

    static let sources = ["github", "gitlab", "jenkins", "jira", "slack"]

    @Test func everyFixtureHasARow() throws {
        var files: [String] = []
        for source in Self.sources {
            let folder = try SharedFiles.url("fixtures/" + source).path
            let names = try FileManager.default.contentsOfDirectory(atPath: folder)
            files += names.map { source + "/" + $0 }
        }
        #expect(files.count >= 30)
        let rowFiles = Self.rows.map(\.file)
        #expect(Set(files).subtracting(rowFiles).sorted() == [], "fixtures without a row")
        #expect(Set(rowFiles).subtracting(files).sorted() == [], "rows without a fixture")
        #expect(Set(rowFiles).count == rowFiles.count, "duplicate rows")
    }

    @Test(arguments: Self.rows) func fixtureGivesExactlyItsActions(_ row: Row) throws {
        let mappings = try ShippedMappings.load()
        let source = String(row.file.prefix { $0 != "/" })
        let body = try SharedFiles.fixture(row.file)
        let headers = try RawDelivery.headers(lines: row.headers)
        switch row.expected {
        case .actions(let lines):
            let actions = try #require(try ShippedMappings.actions(mappings, source: source, body: body, headers: headers))
            #expect(actions.map(ShippedMappings.summary) == lines)
        case .answeredByGateway:
            #expect(try ShippedMappings.actions(mappings, source: source, body: body, headers: headers) == nil)
        case .refused(let text):
            do {
                _ = try ShippedMappings.actions(mappings, source: source, body: body, headers: headers)
                Issue.record("\(row.file) was decoded; expected a refusal containing '\(text)'")
            } catch let error as RawDelivery.DecodeError {
                #expect(error.description.contains(text))
            }
        }
    }
}
