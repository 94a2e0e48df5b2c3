import Bridge
import Foundation
import HTTP
import JSON
import Outbound
import Synchronization
import Telemetry
import TestSupport
import Webhooks

/// `PipelineHarness` with every shipped mapping and the GitHub, Jira and
/// Slack sources configured with test secrets (GitLab disabled, Jenkins
/// absent), plus signed posts for each.
extension PipelineHarness {
    static let githubSecret = "gh-test-secret"
    static let jiraSecret = "jira-test-secret"
    static let slackSecret = "slack-test-secret"

    /// A harness whose config loads `mappings/*.toml`.
    static func withShippedMappings(webURL: String? = nil) throws -> PipelineHarness {
        let harness = try PipelineHarness()
        let glob = SharedFiles.packageRoot.appendingPathComponent("mappings").path + "/*.toml"
        let config = PipelineHarness.config(
            mapping: glob, simURL: "http://\(harness.listener.address)", project: harness.simulator.seed.project,
            listen: "127.0.0.1:0", maxAttempts: 50, baseDelay: "10ms", maxDelay: "200ms", webURL: webURL)
            + """
            [sources.github]
            secrets = ["\(githubSecret)"]
            [sources.jira]
            secrets = ["\(jiraSecret)"]
            [sources.slack]
            signing_secrets = ["\(slackSecret)"]
            [sources.gitlab]
            enabled = false
            tokens = ["unused"]

            """
        try config.write(toFile: harness.configPath, atomically: true, encoding: .utf8)
        return harness
    }

    /// POSTs `body` with `headers` to `path` of `gateway`: the status, the body and its JSON.
    func send(
        _ body: [UInt8], path: String, headers: [(name: String, value: String)], to gateway: Gateway
    ) async throws -> (status: Int, body: [UInt8], json: JSON?) {
        guard let port = gateway.port else { throw HarnessError("gateway not listening") }
        let request = OutboundRequest(
            method: "POST", url: "http://127.0.0.1:\(port)\(path)", headers: headers, body: body, timeout: .seconds(10))
        switch await transport.send(request) {
        case .success(let response): return (response.status, response.body, try? JSON(parsing: response.body))
        case .failure(let failure): throw HarnessError("POST failed: \(failure)")
        }
    }

    static func hmacHex(_ secret: String, _ message: [UInt8]) -> String {
        Hex.encode(Digest.hmacSHA256(key: Array(secret.utf8), message: message))
    }

    /// A GitHub delivery signed with the test secret.
    func github(_ body: [UInt8], event: String, delivery: String, to gateway: Gateway) async throws -> (status: Int, body: [UInt8], json: JSON?) {
        try await send(body, path: "/hooks/github", headers: [
            ("Content-Type", "application/json"), ("X-GitHub-Event", event), ("X-GitHub-Delivery", delivery),
            ("X-Hub-Signature-256", "sha256=" + Self.hmacHex(Self.githubSecret, body)),
        ], to: gateway)
    }

    /// A Jira delivery signed with the test secret.
    func jira(_ body: [UInt8], delivery: String, to gateway: Gateway) async throws -> (status: Int, body: [UInt8], json: JSON?) {
        try await send(body, path: "/hooks/jira", headers: [
            ("Content-Type", "application/json"), ("X-Atlassian-Webhook-Identifier", delivery),
            ("X-Hub-Signature", "sha256=" + Self.hmacHex(Self.jiraSecret, body)),
        ], to: gateway)
    }

    /// A Slack slash command signed (v0) with the test signing secret, timestamped now.
    func slack(_ body: [UInt8], to gateway: Gateway) async throws -> (status: Int, body: [UInt8], json: JSON?) {
        let timestamp = "\(Int(Date().timeIntervalSince1970))"
        let signature = "v0=" + Self.hmacHex(Self.slackSecret, Array("v0:\(timestamp):".utf8) + body)
        return try await send(body, path: "/hooks/slack", headers: [
            ("Content-Type", "application/x-www-form-urlencoded"), ("X-Slack-Request-Timestamp", timestamp),
            ("X-Slack-Signature", signature),
        ], to: gateway)
    }
}

/// A local HTTP listener standing in for Slack's `response_url`: records
/// every request and answers 200.
final class ResponseURLListener: Sendable {
    private final class Recorder: HTTPHandler {
        let requests = Mutex<[HTTPRequest]>([])
        func handle(_ request: HTTPRequest, responder: HTTPResponder) {
            requests.withLock { $0.append(request) }
            responder.respond(HTTPResponse(status: 200))
        }
    }

    private let recorder = Recorder()
    private let server: HTTPServer
    let url: String

    init() throws {
        server = HTTPServer(configuration: .init(host: "127.0.0.1", port: 0, loopCount: 1), handler: recorder)
        let address = try server.start()
        url = "http://127.0.0.1:\(address.port)/commands/T1/1/abc"
    }

    deinit { server.stop() }

    var requests: [HTTPRequest] { recorder.requests.withLock { $0 } }

    /// Waits until at least `count` requests arrived.
    func wait(for count: Int, timeout: Duration = .seconds(20)) async throws -> [HTTPRequest] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let seen = requests
            if seen.count >= count { return seen }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw HarnessError("response_url got \(requests.count) posts, expected \(count)")
    }
}
