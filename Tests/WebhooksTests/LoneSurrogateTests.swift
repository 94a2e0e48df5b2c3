import Foundation
import HTTP
import JSON
import Telemetry
import TestSupport
import Testing
import Webhooks

/// A body holding a lone surrogate escape, as some JavaScript senders post
/// it: every JSON source accepts it (GitHub does not retry a refused
/// webhook), keeps the escape in the bytes it stores (the generic CI source,
/// which stores its normalised payload, stores U+FFFD), and gives rules the
/// string with U+FFFD in its place.
@Suite struct LoneSurrogateTests {
    /// A high surrogate cut from its pair, and a lone low one in a key.
    static let members = #""lone":"cut \ud83d here","k\udc00":1,"#

    /// `body` with `members` as its first members.
    static func withLoneSurrogates(_ body: [UInt8]) throws -> [UInt8] {
        let brace = try #require(body.firstIndex(of: UInt8(ascii: "{")))
        return Array(body[...brace]) + Array(members.utf8) + Array(body[(brace + 1)...])
    }

    /// Each JSON source with a request for its body.
    static func cases() throws -> [(name: String, receive: ([UInt8]) throws -> ReceivedWebhook, body: [UInt8])] {
        let ci = CISource(configuration: try .init(tokens: [Secret(CISourceTests.token)]))
        let github = GitHubSource(configuration: try .init(secrets: [Secret(GitHubSourceTests.secret)]))
        let gitlab = GitLabSource(configuration: try .init(tokens: [Secret(GitLabSourceTests.token)]))
        let jenkins = JenkinsSource(configuration: try .init(tokens: [Secret(JenkinsSourceTests.token)]))
        let jira = JiraSource(configuration: try .init(secrets: [Secret(JiraSourceTests.secret)]))
        return [
            ("ci", { try ci.receive(CISourceTests.request(String(decoding: $0, as: UTF8.self)), now: Kit.now) },
             Array(CISourceTests.full.utf8)),
            ("github", { try github.receive(GitHubSourceTests.signed($0), now: Kit.now) },
             try SharedFiles.fixture("github/workflow_run.completed.failure.json")),
            ("gitlab", { try gitlab.receive(GitLabSourceTests.request($0), now: Kit.now) },
             try SharedFiles.fixture("gitlab/pipeline_hook.failed.json")),
            ("jenkins", { try jenkins.receive(JenkinsSourceTests.request($0), now: Kit.now) },
             try SharedFiles.fixture("jenkins/notification-plugin.completed.failure.json")),
            ("jira", { try jira.receive(JiraSourceTests.request($0), now: Kit.now) },
             try SharedFiles.fixture("jira/jira.issue_created.json")),
        ]
    }

    @Test func everyJSONSourceAcceptsItKeepsTheEscapeAndReadsItAsReplacement() throws {
        for source in try Self.cases() {
            let body = try Self.withLoneSurrogates(source.body)
            let inbound: ReceivedWebhook
            do { inbound = try source.receive(body) } catch {
                Issue.record("\(source.name) refused the body: \(error)")
                continue
            }
            #expect(inbound.payload["lone"]?.stringValue == "cut \u{FFFD} here", "\(source.name)")
            #expect(inbound.payload["k\u{FFFD}"]?.intValue == 1, "\(source.name)")
            // What the ingest stores: the body's own bytes, minified. The generic
            // CI source normalises its payload (`run_id` as text, ...), so it
            // stores that value, which holds U+FFFD as its rules read it.
            guard let stored = inbound.minifiedBody else {
                #expect(source.name == "ci", "\(source.name) keeps no body bytes")
                let text = String(decoding: inbound.payload.serializedBytes(), as: UTF8.self)
                #expect(text.contains("\"lone\":\"cut \u{FFFD} here\""), "\(text.prefix(80))")
                continue
            }
            let text = String(decoding: stored, as: UTF8.self)
            #expect(text.contains(#""lone":"cut \ud83d here""#), "\(source.name) stored \(text.prefix(80))")
            #expect(text.contains(#""k\udc00":1"#), "\(source.name)")
        }
    }
}
