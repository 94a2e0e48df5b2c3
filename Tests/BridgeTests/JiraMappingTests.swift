@testable import Bridge
import Foundation
import JSON
import Rules
import Testing
import TestSupport

/// `mappings/jira-helpdesk.toml` beyond the fixtures: the status table and
/// the bridge's own events, which must never come back as actions.
@Suite struct JiraMappingTests {
    static func edited(_ fixture: String, _ change: (inout JSONObject) -> Void) throws -> [UInt8] {
        guard case .object(var object) = try JSON(parsing: try SharedFiles.fixture(fixture)) else {
            throw HarnessError("\(fixture) is not an object")
        }
        change(&object)
        return JSON.object(object).serializedBytes()
    }

    static func actions(_ body: [UInt8]) throws -> [String] {
        let actions = try #require(try ShippedMappings.actions(try ShippedMappings.load(), source: "jira", body: body))
        return actions.map(ShippedMappings.summary)
    }

    static let bridgeAccount = JSON.object(["accountId": "sniffer-bridge-account-id", "displayName": "Sniffer Bridge"])

    @Test func eventsByTheBridgeAccountAreIgnored() throws {
        for fixture in ["jira/jira.issue_created.json", "jira/jira.issue_updated.status_todo_to_inprogress.json"] {
            #expect(try Self.actions(try Self.edited(fixture) { $0["user"] = Self.bridgeAccount }) == [], "\(fixture)")
        }
        let comment = try Self.edited("jira/jira.comment_created.cloud.json") { payload in
            guard case .object(var comment)? = payload["comment"] else { return }
            comment["author"] = Self.bridgeAccount
            payload["comment"] = .object(comment)
        }
        #expect(try Self.actions(comment) == [])
    }

    @Test func commentsCarryingTheMarkerAreIgnored() throws {
        let comment = try Self.edited("jira/jira.comment_created.cloud.json") { payload in
            guard case .object(var comment)? = payload["comment"] else { return }
            comment["body"] = "Synced from Sniffer [sniffer-bridge]"
            payload["comment"] = .object(comment)
        }
        #expect(try Self.actions(comment) == [])
    }

    /// Both priority families: Jira Cloud's and Jira Server / Data Center's.
    @Test(arguments: [
        ("Highest", "Critical"), ("High", "High"), ("Medium", "Medium"), ("Low", "Low"), ("Lowest", "Low"),
        ("Blocker", "Critical"), ("Critical", "High"), ("Major", "Medium"), ("Minor", "Low"), ("Trivial", "Low"),
        ("Something else", "Medium"),
    ])
    func prioritiesMapOntoSeverities(priority: String, severity: String) throws {
        let body = try Self.edited("jira/jira.issue_created.json") { payload in
            guard case .object(var issue)? = payload["issue"], case .object(var fields)? = issue["fields"] else { return }
            fields["priority"] = ["name": .string(priority), "id": "3"]
            issue["fields"] = .object(fields)
            payload["issue"] = .object(issue)
        }
        let actions = try Self.actions(body)
        #expect(actions.count == 1)
        #expect(actions.first?.hasSuffix("[\(severity)/JIRA]") == true, "\(priority): \(actions)")
    }

    @Test(arguments: [("In Review", "In Progress"), ("Closed", "Closed"), ("Reopened", "Reopened"), ("To Do", "Open")])
    func statusNamesMapThroughTheTable(jira: String, sniffer: String) throws {
        let body = try Self.edited("jira/jira.issue_updated.status_todo_to_inprogress.json") { payload in
            payload["changelog"] = ["items": [["field": "status", "fromString": "x", "toString": .string(jira)]]]
        }
        #expect(try Self.actions(body) == ["set_status jira-status-changed TES-41: \(sniffer)"])
    }

    @Test func aStatusOutsideTheTableOrAnotherFieldChangesNothing() throws {
        let unknown = try Self.edited("jira/jira.issue_updated.status_todo_to_inprogress.json") { payload in
            payload["changelog"] = ["items": [["field": "status", "toString": "Parked"]]]
        }
        let priority = try Self.edited("jira/jira.issue_updated.status_todo_to_inprogress.json") { payload in
            payload["changelog"] = ["items": [["field": "priority", "toString": "High"]]]
        }
        #expect(try Self.actions(unknown) == [])
        #expect(try Self.actions(priority) == [])
    }
}
