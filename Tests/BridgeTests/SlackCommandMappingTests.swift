@testable import Bridge
import Foundation
import JSON
import Rules
import Testing
import TestSupport

/// `mappings/slack-commands.toml` for every form of `/bug`, decoded as `serve` decodes it.
@Suite struct SlackCommandMappingTests {
    /// A real slash command body (Slack's signing test vector) turned into `/bug <text>`.
    static func command(_ text: String) throws -> [UInt8] {
        let fixture = String(decoding: try SharedFiles.fixture("slack/slash_command.signing-test-vector.body.txt"), as: UTF8.self)
        let encoded = text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
        let fields = fixture.split(separator: "&").map { field -> String in
            if field.hasPrefix("command=") { return "command=%2Fbug" }
            if field.hasPrefix("text=") { return "text=" + encoded }
            return String(field)
        }
        return Array(fields.joined(separator: "&").utf8)
    }

    static func actions(_ text: String) throws -> [String] {
        let mappings = try ShippedMappings.load()
        let actions = try #require(try ShippedMappings.actions(mappings, source: "slack", body: try command(text), steps: steps))
        return actions.map(ShippedMappings.summary)
    }

    /// What the earlier actions left, as a follow-up reads it.
    static let steps: JSON = ["bug": ["id": "<bug id>", "link": "<bug link>", "summary": "<bug summary>"], "search": ["results": "<results>"]]

    static let trigger = "398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"

    @Test func aSummaryFilesABugAndReplies() throws {
        let key = "slack:T1DC2JH3J:\(Self.trigger)"
        #expect(try Self.actions("Login page is blank") == [
            "create_bug slack-bug-file \(key): Login page is blank [-/Slack]",
            "reply slack-bug-file \(key): Filing \"Login page is blank\"…",
            "follow_up slack-bug-file \(key): Filed <bug link>: <bug summary>",
        ])
        let mappings = try ShippedMappings.load()
        let actions = try #require(try ShippedMappings.actions(mappings, source: "slack", body: try Self.command("x")))
        guard case .followUp(let followUp) = actions.last?.kind else {
            Issue.record("no follow_up: \(actions)")
            return
        }
        #expect(followUp.url == "https://hooks.slack.com/commands/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN")
        #expect(followUp.visibility == .ephemeral)
    }

    @Test func searchAsksSnifferAndReplies() throws {
        #expect(try Self.actions("search  login page ") == [
            "search_bugs slack-bug-search -: login page",
            "reply slack-bug-search -: Searching for \"login page\"…",
            "follow_up slack-bug-search -: Bugs matching \"login page\":\n<results>",
        ])
    }

    @Test func statusNamesTheBugById() throws {
        #expect(try Self.actions("status 65f0ab In Progress") == [
            "set_status slack-bug-status #65f0ab: In Progress",
            "reply slack-bug-status -: Setting bug 65f0ab to In Progress…",
            "follow_up slack-bug-status -: Done: <bug link> is now In Progress",
        ])
    }

    @Test(arguments: ["42", "#42"])
    func statusNamesTheBugByTheNumberPeopleSee(_ number: String) throws {
        #expect(try Self.actions("status \(number) Resolved") == [
            "set_status slack-bug-status #\(number): Resolved",
            "reply slack-bug-status -: Setting bug \(number) to Resolved…",
            "follow_up slack-bug-status -: Done: <bug link> is now Resolved",
        ])
    }

    @Test(arguments: ["help", "", "  HELP ", "search", "status", "status 42", "Status  "])
    func helpAndMalformedSubcommandsGetTheHelpText(_ text: String) throws {
        let lines = try Self.actions(text)
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("reply slack-bug-help -: */bug* files and finds Sniffer bugs:") == true)
        #expect(lines.first?.contains("`/bug status <number or id> <status name>`") == true)
    }

    @Test func otherCommandsAreNotMapped() throws {
        let mappings = try ShippedMappings.load()
        let body = try SharedFiles.fixture("slack/slash_command.bolt-python-enterprise.body.txt")
        #expect(try ShippedMappings.actions(mappings, source: "slack", body: body) == [])
    }
}
