import Foundation
import JSON
import Rules
import Testing

/// The Snipe-IT actions in the mapping language, `id`, and `steps.<id>`:
/// what reads `steps` is kept as template source for the deliverer, and
/// `check` refuses a reference to an unknown or later step where it is written.
@Suite struct StepTests {
    static let helpdesk = """
        [[rule]]
        name = "laptop"
        source = "jira"
        dedup_key = "{{ payload.issue.key }}"

        [[rule.actions]]
        do = "lookup_asset"
        id = "asset"
        tag = "{{ payload.tag }}"

        [[rule.actions]]
        do = "create_bug"
        id = "bug"
        summary = "{{ payload.summary }}"
        description = "Model: {{ steps.asset.model.name }}"

        [[rule.actions]]
        do = "set_asset_status"
        when = 'steps.asset.found'
        asset_id = "{{ steps.asset.id }}"
        status = "Out for Repair"

        [[rule.actions]]
        do = "add_maintenance"
        asset_id = "{{ steps.asset.id }}"
        title = "{{ payload.issue.key }}: {{ payload.summary }}"
        supplier_id = 3
        """

    static let event = RuleEvent(
        source: "jira", name: "jira:issue_created", receivedAt: Date(timeIntervalSince1970: 1_764_806_400),
        payload: ["issue": ["key": "HD-7"], "tag": "ABC-1234", "summary": "will not boot"])

    @Test func whatReadsStepsIsDeferredAndTheRestRendered() throws {
        let actions = try MappingCompilerTests.compile(Self.helpdesk).evaluate(Self.event).actions
        try #require(actions.count == 4)
        #expect(actions[0].kind == .lookupAsset(Action.LookupAsset(tag: "ABC-1234")))
        #expect(actions[0].stepID == "asset")
        #expect(actions[0].deferred.isEmpty)
        guard case .createBug(let create) = actions[1].kind else { Issue.record("not a create"); return }
        #expect(create.fields.summary == "will not boot")
        #expect(create.fields.description == "")
        #expect(actions[1].deferred == ["description": "Model: {{ steps.asset.model.name }}"])
        #expect(actions[2].kind == .setAssetStatus(Action.SetAssetStatus(assetID: "", status: "Out for Repair")))
        #expect(actions[2].deferred == ["when": "steps.asset.found", "asset_id": "{{ steps.asset.id }}"])
        // The defaults: a repair, starting the day the event arrived.
        #expect(actions[3].kind == .addMaintenance(Action.AddMaintenance(
            assetID: "", title: "HD-7: will not boot", type: "Repair", supplierID: "3", startDate: "2025-12-04")))
        for action in actions { #expect(try Action(json: action.json) == action) }
    }

    @Test func aLookUpTakesExactlyOneKey() {
        let both = "[[rule]]\nname = \"r\"\nsource = \"ci\"\n[[rule.actions]]\ndo = \"lookup_asset\"\ntag = \"a\"\nserial = \"b\"\n"
        #expect(MappingCompilerTests.errors(both) == ["m.toml:7:1: a 'lookup_asset' action needs exactly one of 'tag' and 'serial'"])
        let neither = "[[rule]]\nname = \"r\"\nsource = \"ci\"\n[[rule.actions]]\ndo = \"lookup_user\"\n"
        #expect(MappingCompilerTests.errors(neither) == ["m.toml:4:1: a 'lookup_user' action needs exactly one of 'email' and 'username'"])
        let write = "[[rule]]\nname = \"r\"\nsource = \"ci\"\n[[rule.actions]]\ndo = \"add_maintenance\"\nasset_id = \"1\"\n"
        #expect(MappingCompilerTests.errors(write) == [
            "m.toml:4:1: a 'add_maintenance' action needs 'supplier_id'", "m.toml:4:1: a 'add_maintenance' action needs 'title'",
        ])
    }

    @Test func stepReferencesAreCheckedWhereTheyAreWritten() {
        let text = """
            [[rule]]
            name = "r"
            source = "ci"
            when = 'steps.a.found'

            [[rule.actions]]
            do = "comment"
            bug_id = "1"
            text = "{{ steps.later.id }} {{ steps.nope }}"

            [[rule.actions]]
            do = "lookup_user"
            id = "later"
            email = "{{ steps.later.email }}"

            [[rule.actions]]
            do = "lookup_user"
            id = "later"
            username = "u"

            [[rule.actions]]
            do = "reply"
            text = "{{ steps.later.name }}"

            [[rule.actions]]
            do = "lookup_asset"
            id = "2x"
            tag = "t"
            """
        #expect(MappingCompilerTests.errors(text) == [
            "m.toml:4:9: 'steps' holds the results of a rule's actions: only the actions' fields and 'when' read it",
            "m.toml:9:12: step 'later' comes later in this rule: an action reads only the results of the actions before it",
            "m.toml:9:33: unknown step 'nope': no earlier action of this rule has an 'id'",
            "m.toml:14:13: step 'later' is this action itself: it reads only the actions before it",
            "m.toml:16:1: another action of this rule has id \"later\" (at 11:1)",
            "m.toml:23:12: a 'reply' is the command's HTTP answer, sent before any action runs: it cannot read 'steps'",
            "m.toml:27:7: 'id' must be a name of letters, digits and '_' that does not start with a digit (it is read as steps.<id>), found \"2x\"",
        ])
    }

    @Test func withoutASnipeITTargetItsActionsAreRefused() {
        var compiler = MappingCompiler(environment: [:], sources: Fixtures.sources)
        compiler.snipeIT = false
        compiler.add(file: "m.toml", text: "[[rule]]\nname = \"r\"\nsource = \"ci\"\n[[rule.actions]]\ndo = \"lookup_asset\"\ntag = \"t\"\n")
        #expect(throws: LoadError.self) { try compiler.finish() }
        #expect(compiler.bag.diagnostics.map(\.description) == [
            "m.toml:5:7: action 'lookup_asset' is delivered to Snipe-IT, but the config has no [snipeit] table",
        ])
    }

    @Test func aDeferredTemplateRendersWithTheSteps() throws {
        let template = try Template.compile("{{ steps.asset.model.name }} for {{ payload.who }}")
        let steps: JSON = ["asset": ["model": ["name": "Latitude 5440"]]]
        #expect(try template.render(RuleEvent(source: "ci", name: "e", payload: ["who": "ana"]), steps: steps) == "Latitude 5440 for ana")
        // A step that is absent (given up, not found) reads as null: empty text.
        #expect(try template.render(RuleEvent(source: "ci", name: "e", payload: ["who": "ana"]), steps: [:]) == " for ana")
    }

    @Test func errorIsKnownOnlyInAFollowUpsFailure() throws {
        let text = """
            [[rule]]
            name = "r"
            source = "slack"

            [[rule.actions]]
            do = "search_bugs"
            id = "search"
            query = "{{ error }}"

            [[rule.actions]]
            do = "follow_up"
            success = "{{ steps.search.results }}"
            """
        #expect(MappingCompilerTests.errors(text) == [
            "m.toml:8:13: 'error' is known only in a follow_up's 'failure': why an earlier action was given up",
        ])
        let valid = text.replacingOccurrences(of: "query = \"{{ error }}\"", with: "query = \"x\"")
        let event = RuleEvent(source: "slack", name: "bug", payload: ["response_url": "https://hooks.slack.com/x"])
        let followUp = try #require(try MappingCompilerTests.compile(valid).evaluate(event).actions.last)
        // The default failure reads `error`: both texts wait for delivery.
        #expect(followUp.deferred["success"] == "{{ steps.search.results }}")
        #expect(followUp.deferred["failure"] == "Sorry, that failed: {{ error }}")
        guard case .action(let rendered) = try StepRendering.render(
            followUp, event: event, steps: ["search": ["results": "• bug #4 Login"]], error: "search bugs failed: 503"),
            case .followUp(let texts) = rendered.kind
        else {
            Issue.record("not rendered")
            return
        }
        #expect(texts.success == "• bug #4 Login")
        #expect(texts.failure == "Sorry, that failed: search bugs failed: 503")
        #expect(texts.url == "https://hooks.slack.com/x")
    }
}
