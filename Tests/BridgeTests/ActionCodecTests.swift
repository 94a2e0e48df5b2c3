@testable import Bridge
import JSON
import Rules
import Testing

/// What the dispatcher stores is exactly what the deliverer reads back.
@Suite struct ActionCodecTests {
    static let actions: [Action] = [
        Action(rule: "r", dedupKey: "k", kind: .createBug(Action.CreateBug(
            project: "p", fields: Action.BugFields(
                summary: "s", description: "d", severity: "High", type: "DEFECT", platform: "CI", tags: ["a", "b"],
                assignees: ["u"], extra: ["run_url": "https://x"]),
            onDuplicate: .reopen, reopenWindowSeconds: 60, reopenStatus: "Reopened", duplicateComment: "again"))),
        Action(rule: "r", dedupKey: "k", kind: .createBug(Action.CreateBug(fields: Action.BugFields(summary: "s"), onDuplicate: .skip))),
        Action(rule: "r", dedupKey: nil, kind: .comment(Action.Comment(text: "t", author: "ann", skipRepeat: false))),
        Action(rule: "r", dedupKey: "k", kind: .setStatus(Action.SetStatus(status: "Resolved", onlyIfExists: false, comment: "c"))),
        // A Jira-keyed action keeps its integration platform through the outbox.
        Action(rule: "r", dedupKey: "HD-42", integrationPlatform: "JIRA", kind: .comment(Action.Comment(text: "t"))),
        // `/bug status 42 Done`: the bug named by id must survive the outbox.
        Action(rule: "r", dedupKey: nil, bugID: "42", kind: .setStatus(Action.SetStatus(status: "Done", onlyIfExists: true))),
        Action(rule: "r", dedupKey: "k", kind: .updateBug(Action.UpdateBug(fields: Action.BugFields(severity: "Low"), onlyIfExists: true))),
        Action(rule: "r", dedupKey: nil, kind: .reply(Action.Reply(text: "hi", visibility: .inChannel))),
        Action(rule: "r", dedupKey: nil, kind: .followUp(Action.FollowUp(url: "https://hooks.slack.com/x", success: "ok {bug.id}", failure: "{error}"))),
        Action(rule: "r", dedupKey: nil, kind: .searchBugs(Action.SearchBugs(query: "crash", limit: 3, project: "p"))),
    ]

    @Test(arguments: actions)
    func roundTrips(_ action: Action) throws {
        #expect(try ActionCodec.decode(ActionCodec.encode(action)) == action)
    }

    @Test func damagedRecordsAreNamed() {
        #expect(throws: ActionCodec.DecodingError.self) { try ActionCodec.decode(Array("not json".utf8)) }
        do {
            _ = try ActionCodec.decode(Array(#"{"do": "launch_rocket"}"#.utf8))
            Issue.record("an unknown kind was accepted")
        } catch {
            #expect(error.description.contains("launch_rocket"))
        }
        do {
            _ = try ActionCodec.decode(Array(#"{"do": "comment"}"#.utf8))
            Issue.record("a comment without text was accepted")
        } catch {
            #expect(error.description.contains("'text'"))
        }
    }
}
