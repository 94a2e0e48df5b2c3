@testable import Bridge
import Config
import Foundation
import JSON
import Outbound
import Rules
import Sniffer
import SnifferSim
import Telemetry
import TestSupport
import Testing
import Webhooks

/// The config keys that reach past the loader, through a running gateway:
/// GitLab's `signing_keys`, Jira's `allow_unsigned` and `[sniffer]`'s
/// integration-key names.
@Suite(.serialized) struct ConfigKeyGatewayTests {
    static let keyBytes: [UInt8] = (0..<32).map { UInt8($0 &* 5 &+ 1) }
    static let signingKey = "whsec_" + Data(keyBytes).base64EncodedString()

    /// `webhook-id`, `webhook-timestamp` (now) and `webhook-signature` for `body` under `key`.
    static func standardHeaders(_ body: [UInt8], id: String, key: [UInt8] = keyBytes) -> [(name: String, value: String)] {
        let timestamp = "\(Int(Date().timeIntervalSince1970))"
        let mac = Digest.hmacSHA256(key: key, message: Array("\(id).\(timestamp).".utf8) + body)
        return [("webhook-id", id), ("webhook-timestamp", timestamp), ("webhook-signature", "v1," + Data(mac).base64EncodedString())]
    }

    /// The harness's config with `sources` appended.
    static func writeConfig(_ harness: PipelineHarness, sources: String) throws {
        let text = PipelineHarness.config(
            mapping: harness.ciMapping, simURL: "http://\(harness.listener.address)", project: harness.simulator.seed.project,
            listen: "127.0.0.1:0", maxAttempts: 50, baseDelay: "10ms", maxDelay: "200ms") + sources
        try text.write(toFile: harness.configPath, atomically: true, encoding: .utf8)
    }

    @Test func gitlabSigningKeysVerifyStandardWebhooksSignatures() async throws {
        let harness = try PipelineHarness()
        try Self.writeConfig(harness, sources: "[sources.gitlab]\nsigning_keys = [\"\(Self.signingKey)\"]\n")
        let gateway = try await harness.startGateway()
        let body = try SharedFiles.fixture("gitlab/pipeline_hook.failed.json")
        let plain: [(name: String, value: String)] = [("Content-Type", "application/json"), ("X-Gitlab-Event", "Pipeline Hook")]

        let signed = try await harness.send(body, path: "/hooks/gitlab", headers: plain + Self.standardHeaders(body, id: "msg_1"), to: gateway)
        #expect(signed.status == 202, "\(String(decoding: signed.body, as: UTF8.self))")

        let wrongKey = try await harness.send(
            body, path: "/hooks/gitlab", headers: plain + Self.standardHeaders(body, id: "msg_2", key: [UInt8](repeating: 7, count: 32)),
            to: gateway)
        #expect(wrongKey.status == 401)
        #expect(wrongKey.json?["message"]?.stringValue?.contains("webhook-signature does not match") == true)

        var tampered = Self.standardHeaders(body, id: "msg_3")
        tampered[0].value = "msg_other"
        #expect(try await harness.send(body, path: "/hooks/gitlab", headers: plain + tampered, to: gateway).status == 401)

        let unsigned = try await harness.send(body, path: "/hooks/gitlab", headers: plain, to: gateway)
        #expect(unsigned.status == 401)
        #expect(unsigned.json?["message"]?.stringValue?.contains("missing webhook-signature") == true)
        #expect(!harness.logs.rendered(as: .json).contains(Self.signingKey), "the signing key reached the log")
        await gateway.stop()
    }

    @Test func gitlabTokensAndSigningKeysTogether() async throws {
        let harness = try PipelineHarness()
        try Self.writeConfig(harness, sources: "[sources.gitlab]\ntokens = [\"gl-token\"]\nsigning_keys = [\"\(Self.signingKey)\"]\n")
        let gateway = try await harness.startGateway()
        let body = Array(#"{"object_kind":"pipeline"}"#.utf8)
        let plain: [(name: String, value: String)] = [("Content-Type", "application/json"), ("X-Gitlab-Event", "Pipeline Hook")]
        let token: [(name: String, value: String)] = [("X-Gitlab-Token", "gl-token")]
        let both = plain + token + Self.standardHeaders(body, id: "m1")
        #expect(try await harness.send(body, path: "/hooks/gitlab", headers: both, to: gateway).status == 202)
        #expect(try await harness.send(body, path: "/hooks/gitlab", headers: plain + token, to: gateway).status == 202)
        let badSignature = plain + token + Self.standardHeaders(body, id: "m2", key: [1, 2, 3])
        #expect(try await harness.send(body, path: "/hooks/gitlab", headers: badSignature, to: gateway).status == 401)
        await gateway.stop()
    }

    @Test func jiraAcceptsUnsignedRequestsOnlyWithAllowUnsigned() async throws {
        let harness = try PipelineHarness()
        try Self.writeConfig(harness, sources: "[sources.jira]\nallow_unsigned = true\n")
        let gateway = try await harness.startGateway()
        let body = Array(#"{"webhookEvent":"jira:issue_created","timestamp":1,"issue":{"id":"10001","key":"HD-1"}}"#.utf8)
        let headers: [(name: String, value: String)] = [("Content-Type", "application/json"), ("X-Atlassian-Webhook-Identifier", "j-1")]
        #expect(try await harness.send(body, path: "/hooks/jira", headers: headers, to: gateway).status == 202)

        // With a secret instead, the same unsigned request is refused.
        try Self.writeConfig(harness, sources: "[sources.jira]\nsecrets = [\"jira-secret\"]\n")
        _ = try gateway.reload(try harness.load())
        let refused = try await harness.send(body, path: "/hooks/jira", headers: headers, to: gateway)
        #expect(refused.status == 401)

        // Neither: the config does not load, and the running one stays.
        try Self.writeConfig(harness, sources: "[sources.jira]\nenabled = true\n")
        #expect(throws: LoadError.self) { try harness.load() }
        await gateway.stop()
    }

    @Test func defaultIntegrationKeyNamesAreTheClientDefaults() throws {
        var config = BridgeConfig(path: "/x/bridge.toml", mappings: [])
        config.sniffer.token = "sniffer_a"
        let built = GatewaySettings(config).snifferConfiguration(token: Secret("sniffer_a"))
        let plain = SnifferConfiguration(baseURL: config.sniffer.baseURL, token: Secret("sniffer_a"))
        #expect(built.integrationKeyField == plain.integrationKeyField)
        #expect(built.integrationPlatformField == plain.integrationPlatformField)
        #expect(built.defaultPlatform == plain.defaultPlatform)
        #expect(built.byKeyKeyParameter == plain.byKeyKeyParameter)
        #expect(built.byKeyPlatformParameter == plain.byKeyPlatformParameter)
        #expect(built.byKeyProjectParameter == plain.byKeyProjectParameter)
        let simulator = SnifferSimulator.Configuration()
        #expect(
            [simulator.integrationKeyField, simulator.integrationPlatformField, simulator.defaultPlatform]
                == [plain.integrationKeyField, plain.integrationPlatformField, plain.defaultPlatform])
        #expect(
            [simulator.byKeyKeyParameter, simulator.byKeyPlatformParameter, simulator.byKeyProjectParameter]
                == [plain.byKeyKeyParameter, plain.byKeyPlatformParameter, plain.byKeyProjectParameter])
    }

    @Test func integrationKeyNamesReachSniffer() async throws {
        var names = SnifferSimulator.Configuration.strict
        names.integrationKeyField = "externalKey"
        names.integrationPlatformField = "externalPlatform"
        names.defaultPlatform = "CI_BRIDGE"
        names.byKeyKeyParameter = "k"
        names.byKeyPlatformParameter = "p"
        names.byKeyProjectParameter = "in"
        let simulator = try SnifferSimulator(configuration: names)
        let listener = try SimListener(simulator: simulator, listen: "127.0.0.1:0", loopCount: 1)
        defer { listener.stop() }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let mapping = SharedFiles.packageRoot.appendingPathComponent("mappings/ci-generic.toml").path
        func write(platform: String) throws -> String {
            try folder.write("bridge.toml", """
                mappings = ["\(mapping)"]
                [server]
                listen = "127.0.0.1:0"
                [store]
                durability = "os"
                [sniffer]
                base_url = "http://\(listener.address)"
                token = "\(simulator.seed.token)"
                project = "\(simulator.seed.project)"
                integration_key_field = "externalKey"
                integration_platform_field = "externalPlatform"
                default_platform = "\(platform)"
                by_key_key_parameter = "k"
                by_key_platform_parameter = "p"
                by_key_project_parameter = "in"
                [retry]
                max_attempts = 3
                base_delay = "10ms"
                [sources.ci]
                tokens = ["\(PipelineHarness.ciToken)"]

                """)
        }
        let path = try write(platform: "CI_BRIDGE")
        let gateway = try Gateway(
            loaded: try ConfigLoader.load(path: path, environment: [:]),
            options: .init(
                logger: Logger(label: "test", level: .error, handler: InMemoryLogHandler()), pollInterval: .milliseconds(20),
                loopCount: 1, portOverride: 0))
        try await gateway.start()
        let transport = try CurlTransport()
        defer { transport.shutdown() }
        let event = CIEvent(key: 1, run: 1)
        let port = try #require(gateway.port)
        let request = OutboundRequest(
            method: "POST", url: "http://127.0.0.1:\(port)/hooks/ci",
            headers: [("Authorization", "Bearer \(PipelineHarness.ciToken)"), ("Content-Type", "application/json")],
            body: event.body, timeout: .seconds(10))
        guard case .success(let answer) = await transport.send(request) else { throw HarnessError("POST failed") }
        #expect(answer.status == 202)
        try await waitUntil("the bug is filed", timeout: .seconds(20)) { simulator.bugCount() > 0 }

        let received = simulator.receivedRequests
        let lookUp = try #require(received.first { $0.target.hasPrefix("/bugs/by-integration-key") })
        let key = event.dedupKey.replacingOccurrences(of: ":", with: "%3A")
        #expect(lookUp.target == "/bugs/by-integration-key?k=\(key)&p=CI_BRIDGE&in=\(simulator.seed.project)")
        #expect(lookUp.status == 404, "the simulator read the configured parameter names")
        let create = try #require(received.first { $0.method == "POST" && $0.target == "/bug" })
        let body = try JSON(parsing: Array(create.body.utf8))
        #expect(body["externalKey"]?.stringValue == event.dedupKey)
        #expect(body["externalPlatform"]?.stringValue == "CI_BRIDGE")
        #expect(body["integrationKey"] == nil && body["integrationPlatform"] == nil)
        #expect(simulator.bugCount() == 1)

        // A reload that changes a name gives deliveries a new client.
        let report = try gateway.reload(try ConfigLoader.load(path: try write(platform: "OTHER"), environment: [:]))
        #expect(report.snifferReplaced)
        await gateway.stop()
    }
}
