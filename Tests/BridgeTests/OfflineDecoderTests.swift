@testable import Bridge
import Config
import Foundation
import HTTP
@testable import Ingest
import JSON
import Rules
import Store
import TestSupport
import Testing
import Webhooks

/// `dry-run` and `test` decode with the gateway's adapters and convert as the dispatcher does.
@Suite struct OfflineDecoderTests {
    static func decode(_ source: String, _ body: String, _ headers: [String] = [], event: String? = nil) throws -> RuleEvent? {
        try OfflineDecoder.decode(
            RawDelivery(source: source, body: Array(body.utf8), headers: try RawDelivery.headers(lines: headers), eventName: event))
    }

    @Test func eventsAreNamedAsTheAdaptersNameThem() throws {
        let jenkins = try #require(try Self.decode("jenkins", try String(decoding: SharedFiles.fixture("jenkins/notification-plugin.finalized.failure.json"), as: UTF8.self)))
        #expect(jenkins.name == "finalized")
        #expect(jenkins.delivery == "JobUrl#70:FINALIZED")
        let slack = try #require(try Self.decode("slack", "command=%2Fbug&text=Login+broken&trigger_id=t.1"))
        #expect(slack.name == "bug")
        #expect(slack.delivery == "t.1")
        #expect(slack.payload["text"] == "Login broken")
        let github = try #require(try Self.decode("github", "{}", ["X-GitHub-Event: workflow_run", "X-GitHub-Delivery: abc"]))
        #expect(github.name == "workflow_run")
        #expect(github.delivery == "abc")
        #expect(github.headers["x-github-event"] == "workflow_run")
    }

    @Test func missingHeadersAreFilledAndTheEventNameOverrides() throws {
        let github = try #require(try Self.decode("github", "{}", event: "workflow_run"))
        #expect(github.name == "workflow_run")
        #expect(github.delivery == "dry-run")
        let gitlab = try #require(try Self.decode("gitlab", #"{"object_kind": "pipeline"}"#, event: "Pipeline Hook"))
        #expect(gitlab.name == "Pipeline Hook")
        let form = try #require(try Self.decode("github", "payload=%7B%22a%22%3A1%7D", ["X-GitHub-Event: push"]))
        #expect(form.payload["a"] == 1)
    }

    @Test func deliveriesAnsweredByTheGatewayRunNoRule() throws {
        #expect(try Self.decode("github", "{}", ["X-GitHub-Event: ping"]) == nil)
        #expect(try Self.decode("slack", "ssl_check=1&token=x") == nil)
    }

    @Test func refusalsNameTheProblem() throws {
        #expect(throws: RawDelivery.DecodeError.self) { try Self.decode("svn", "{}") }
        do {
            _ = try Self.decode("github", "{", ["X-GitHub-Event: push"])
            Issue.record("a broken body was decoded")
        } catch let error as RawDelivery.DecodeError {
            #expect(error.description.contains("not valid JSON"))
        }
        do {
            _ = try Self.decode("jenkins", #"{"name": "job"}"#)
            Issue.record("a body without build was decoded")
        } catch let error as RawDelivery.DecodeError {
            #expect(error.description.contains("build"))
        }
    }

    /// The offline event and the one the dispatcher builds from the stored delivery agree.
    @Test func offlineAndDispatchedEventsAgree() throws {
        let headers = HTTPHeaders([
            ("Content-Type", "application/json"), ("X-GitHub-Event", "workflow_run"), ("X-GitHub-Delivery", "g-1"),
            ("X-Hub-Signature-256", "sha256=00"),
        ])
        let body = try SharedFiles.fixture("github/workflow_run.completed.failure.json")
        let received = Date(timeIntervalSince1970: 1_700_000_000.123_4)
        let inbound = try OfflineDecoder.adapter("github").decode(
            HTTPRequest(method: "POST", target: "/hooks/github", headers: headers, body: body))
        let stored = StoredEvent(
            id: 1, source: inbound.source, deliveryID: inbound.deliveryID, name: inbound.name,
            receivedAt: RuleEventConversion.millis(received), headers: IngestHeaders.kept(headers),
            payload: inbound.payload.serializedBytes(), state: .pending, dispatchedAt: nil)
        let dispatched = try RuleEventConversion.event(stored)
        let offline = try #require(
            try OfflineDecoder.decode(
                RawDelivery(source: "github", body: body, headers: headers.fields.map { ($0.name, $0.value) }, receivedAt: received)))
        #expect(offline.name == dispatched.name)
        #expect(offline.delivery == dispatched.delivery)
        #expect(offline.receivedAtText == dispatched.receivedAtText)
        #expect(offline.headers == dispatched.headers)
        #expect(offline.headers["x-hub-signature-256"] == nil)
        #expect(offline.payload == dispatched.payload)
    }
}
