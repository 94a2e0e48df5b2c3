import Bridge
import Config
import Foundation
import JSON
import Outbound
import Rules
import TestSupport

/// Config files for reload and shutdown tests: the harness's simulator, the
/// shipped CI mapping, optionally a second mapping with one more rule.
extension PipelineHarness {
    /// A rule that files a second bug for every CI failure, under its own key.
    static let extraRule = """
        [[rule]]
        name = "reloaded-rule"
        source = "ci"
        event = "failure"
        dedup_key = "reloaded:{{ payload.pipeline }}"

        [[rule.actions]]
        do = "create_bug"
        summary = "Reloaded rule: {{ payload.pipeline }}"

        """

    var ciMapping: String { SharedFiles.packageRoot.appendingPathComponent("mappings/ci-generic.toml").path }

    /// Writes `extra.toml` (the extra rule) next to the config; returns its path.
    func writeExtraMapping(_ text: String = PipelineHarness.extraRule) throws -> String {
        let path = folder.appendingPathComponent("extra.toml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Rewrites the config file (the token still comes from `${SNIFFER_TOKEN}`).
    func writeConfig(
        mappings: [String], ciTokens: [String] = [PipelineHarness.ciToken], githubSecrets: [String]? = nil,
        listen: String = "127.0.0.1:0", server: String = "", tokenLine: String = #"token = "${SNIFFER_TOKEN}""#,
        breaker: String = PipelineHarness.quickBreaker
    ) throws {
        let quoted = { (values: [String]) in values.map { "\"\($0)\"" }.joined(separator: ", ") }
        var text = """
            mappings = [\(quoted(mappings))]
            [server]
            listen = "\(listen)"
            \(server)
            [store]
            path = "data"
            durability = "os"
            [sniffer]
            base_url = "http://\(listener.address)"
            \(tokenLine)
            project = "\(simulator.seed.project)"
            [sniffer.breaker]
            \(breaker)
            [retry]
            max_attempts = 50
            base_delay = "10ms"
            max_delay = "200ms"
            max_age = "1h"
            [sources.ci]
            tokens = [\(quoted(ciTokens))]

            """
        if let githubSecrets { text += "[sources.github]\nsecrets = [\(quoted(githubSecrets))]\n" }
        try text.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    /// Loads the config file as `serve` would, with `token` as `${SNIFFER_TOKEN}`.
    func load(token: String? = nil) throws -> ConfigLoader.Loaded {
        try ConfigLoader.load(path: configPath, environment: ["SNIFFER_TOKEN": token ?? simulator.seed.token])
    }

    /// POSTs `body` to `/hooks/<source>` on `port` with a bearer token.
    func post(_ body: [UInt8], port: Int, source: String = "ci", token: String = PipelineHarness.ciToken) async throws
        -> (status: Int, json: JSON?)
    {
        let request = OutboundRequest(
            method: "POST", url: "http://127.0.0.1:\(port)/hooks/\(source)",
            headers: [(name: "Authorization", value: "Bearer \(token)"), (name: "Content-Type", value: "application/json")],
            body: body, timeout: .seconds(10))
        switch await transport.send(request) {
        case .success(let response): return (response.status, try? JSON(parsing: response.body))
        case .failure(let failure): throw HarnessError("POST failed: \(failure)")
        }
    }

    /// Polls the simulator until `condition` holds on its bugs (throws if it
    /// does not within `timeout`); returns the list that satisfied it.
    func bugs(until condition: ([String]) -> Bool, timeout: Duration = .seconds(20)) async throws -> [String] {
        var summaries: [String] = []
        try await waitUntil("the simulator's bugs \(summaries)", timeout: timeout, interval: .milliseconds(50)) {
            summaries = try await inspector.bugs().map(\.summary)
            return condition(summaries)
        }
        return summaries
    }
}
