import Foundation
import JSON
import Rules
import TestSupport

/// Events and helpers shared by the Rules tests.
enum Fixtures {
    /// The source names rules may use here: the gateway's (its registry, in
    /// the Config target, hands the same list to the compiler).
    static let sources = ["github", "gitlab", "jenkins", "ci", "jira", "slack"]

    /// A small hand-built GitHub-like event.
    static let sample = RuleEvent(
        source: "github", name: "workflow_run", delivery: "d-1",
        receivedAt: Date(timeIntervalSince1970: 1_700_000_000),
        headers: EventHeaders([("X-GitHub-Event", "workflow_run"), ("Content-Type", "application/json")]),
        payload: [
            "action": "completed",
            "workflow_run": [
                "name": "CI", "conclusion": "failure", "run_number": 96, "head_branch": "main",
                "duration": 12.5, "labels": ["bug", "ci"],
            ],
            "commits": [["id": "abc123", "message": "Fix it\n\nbody"], ["id": "def456", "message": "Second"]],
            "repository": ["full_name": "octo/repo", "private": false],
            "count": 3, "empty": "", "nothing": nil,
        ])

    /// A real fixture from ../shared/fixtures, parsed.
    static func payload(_ name: String) throws -> JSON {
        try JSON(parsing: try SharedFiles.fixture(name))
    }

    static func githubEvent(_ fixture: String, event: String = "workflow_run") throws -> RuleEvent {
        RuleEvent(
            source: "github", name: event, delivery: "bfe22520-466a-11ed-8dae-4cb245a6a856",
            receivedAt: Date(timeIntervalSince1970: 1_700_000_000),
            headers: EventHeaders([("X-GitHub-Event", event)]), payload: try payload(fixture))
    }

    /// Evaluates a stand-alone expression against `event`.
    static func eval(_ text: String, _ event: RuleEvent = sample) throws -> JSON {
        try CompiledExpression.compile(text).evaluate(event)
    }
}
