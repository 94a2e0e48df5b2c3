import Bridge
import Config
import Foundation
import Glibc
import Rules
import Telemetry
import TestSupport
import Testing

/// `check` accepts exactly what `serve` accepts. Each broken config below
/// breaks one check `serve` relies on; `sniffer-bridge check` (the built
/// binary) refuses it with the diagnostic at its `file:line:col`, and serve's
/// path (`ConfigLoader.load`, then `Gateway(loaded:options:)`, in-process, and
/// the `serve` binary) refuses it with the same line. The valid configs, each
/// at the edge of one check, pass `check` and start a gateway.
@Suite struct CheckServeParityTests {
    /// Lines 1-17 of every config; a case replaces some of them.
    static let base: [Int: String] = [
        1: #"mappings = ["{MAPPING}"]"#,
        2: "[server]",
        3: #"listen = "127.0.0.1:0""#,
        4: "max_body_bytes = 1048576",
        5: #"shutdown_timeout = "1s""#,
        6: "[store]",
        7: #"path = "data""#,
        8: #"durability = "os""#,
        9: "[sniffer]",
        10: #"base_url = "http://127.0.0.1:9""#,
        11: #"token = "sniffer_parity""#,
        12: "[retry]",
        13: "max_attempts = 3",
        14: "[delivery]",
        15: "concurrency = 2",
        16: "[sources.ci]",
        17: #"tokens = ["ci-token"]"#,
    ]

    /// One config: `base` with `lines` replaced (a replacement may hold several lines).
    struct Case: Sendable, CustomTestStringConvertible {
        let check: String
        let lines: [Int: String]
        /// `line:col: message-prefix` of the diagnostic, for a broken config.
        let expected: String?

        var testDescription: String { check }

        /// The config's text, with the placeholders filled in.
        func text(mapping: String, folder: String) -> String {
            CheckServeParityTests.base.merging(lines) { $1 }.sorted { $0.key < $1.key }.map(\.value).joined(separator: "\n")
                .replacingOccurrences(of: "{MAPPING}", with: mapping).replacingOccurrences(of: "{FOLDER}", with: folder) + "\n"
        }
    }

    static let whsec = "whsec_" + Data((0..<32).map { UInt8($0) }).base64EncodedString()

    static let broken: [Case] = [
        Case(
            check: "tracing has an otlp_endpoint", lines: [15: "concurrency = 2\n[tracing]\nbatch_size = 10"],
            expected: "16:1: [tracing] needs 'otlp_endpoint'"),
        Case(
            check: "otlp_endpoint is an http(s) URL", lines: [15: "concurrency = 2\n[tracing]\notlp_endpoint = \"collector:4318\""],
            expected: "17:18: 'otlp_endpoint' must be an http:// or https:// URL"),
        Case(check: "listen is HOST:PORT", lines: [3: #"listen = "8080""#], expected: "3:11: 'listen' must be HOST:PORT"),
        Case(check: "listen has a host", lines: [3: #"listen = ":8080""#], expected: "3:11: 'listen' must be HOST:PORT"),
        Case(
            check: "listen's port is 0...65535", lines: [3: #"listen = "127.0.0.1:70000""#],
            expected: "3:11: 'listen' needs a port in 0...65535"),
        Case(
            check: "max_body_bytes is at least 1", lines: [4: "max_body_bytes = 0"],
            expected: "4:18: 'max_body_bytes' must be at least 1"),
        Case(
            check: "shutdown_timeout does not overflow", lines: [5: "shutdown_timeout = 9223372036854775807"],
            expected: "5:20: invalid duration"),
        Case(check: "store path is not empty", lines: [7: #"path = """#], expected: "7:9: 'path' must not be empty"),
        Case(check: "base_url is an http(s) URL", lines: [10: #"base_url = "localhost:9""#], expected: "10:13: 'base_url' must be an http://"),
        Case(check: "a token is given", lines: [11: #"project = "p""#], expected: "9:1: [sniffer] needs 'token' or 'token_file'"),
        Case(check: "the token is not empty", lines: [11: #"token = """#], expected: "11:10: 'token' must not be empty"),
        Case(
            check: "token or token_file, not both", lines: [11: "token = \"t\"\ntoken_file = \"{FOLDER}/token\""],
            expected: "12:1: 'token' and 'token_file' are both set"),
        Case(
            check: "token_file can be read", lines: [11: #"token_file = "/nonexistent/sniffer-token""#],
            expected: "11:15: cannot read token_file /nonexistent/sniffer-token: no such file"),
        Case(check: "token_file holds a token", lines: [11: #"token_file = "{FOLDER}/empty""#], expected: "11:15: token_file "),
        Case(
            check: "head_timeout is longer than 0", lines: [5: "shutdown_timeout = \"1s\"\nhead_timeout = \"0s\""],
            expected: "6:17: 'head_timeout' must be longer than 0s"),
        Case(
            check: "max_receiving_connections is at least 1",
            lines: [5: "shutdown_timeout = \"1s\"\nmax_receiving_connections = 0"],
            expected: "6:29: 'max_receiving_connections' must be at least 1"),
        Case(
            check: "reserve_bytes is not negative", lines: [8: "durability = \"os\"\nreserve_bytes = -1"],
            expected: "9:17: 'reserve_bytes' must be at least 0"),
        Case(check: "max_attempts is at least 1", lines: [13: "max_attempts = 0"], expected: "13:16: 'max_attempts' must be at least 1"),
        Case(
            check: "failure_ratio is in (0, 1]", lines: [11: "token = \"sniffer_parity\"\n[sniffer.breaker]\nfailure_ratio = 0"],
            expected: "13:17: 'failure_ratio' must be greater than 0 and at most 1"),
        Case(
            check: "cooldown is not longer than max_cooldown",
            lines: [11: "token = \"sniffer_parity\"\n[sniffer.breaker]\ncooldown = \"2m\""],
            expected: "13:1: 'cooldown' (2m) must not be longer than 'max_cooldown' (1m)"),
        Case(
            check: "[snipeit] has a base_url", lines: [13: "max_attempts = 3\n[snipeit]\ntoken = \"s\""],
            expected: "14:1: [snipeit] needs 'base_url'"),
        Case(
            check: "[snipeit] has a token", lines: [13: "max_attempts = 3\n[snipeit]\nbase_url = \"https://assets.example\""],
            expected: "14:1: [snipeit] needs 'token' or 'token_file'"),
        Case(
            check: "[snipeit] burst is within rate_limit",
            lines: [13: "max_attempts = 3\n[snipeit]\nbase_url = \"https://assets.example\"\ntoken = \"s\"\nrate_limit = 5\nburst = 6"],
            expected: "18:1: 'burst' (6) must not be larger than 'rate_limit' (5 a minute)"),
        Case(
            check: "[snipeit.breaker] failures is at least 1",
            lines: [13: "max_attempts = 3\n[snipeit]\nbase_url = \"https://assets.example\"\ntoken = \"s\"\n[snipeit.breaker]\nfailures = 0"],
            expected: "18:12: 'failures' must be at least 1"),
        Case(check: "concurrency is at least 1", lines: [15: "concurrency = 0"], expected: "15:15: 'concurrency' must be at least 1"),
        Case(check: "a source has a secret", lines: [17: "tokens = []"], expected: "17:10: [sources.ci] needs at least one value in 'tokens'"),
        Case(check: "no secret is empty", lines: [17: #"tokens = ["ok", ""]"#], expected: "17:18: 'tokens' entry 2 is an empty string"),
        Case(
            check: "signing keys are Standard Webhooks keys", lines: [16: "[sources.gitlab]", 17: #"signing_keys = ["whsec_!!"]"#],
            expected: "17:18: 'signing_keys' entry 1 is not a Standard Webhooks key"),
        Case(
            check: "jira is signed or explicitly unsigned", lines: [16: "[sources.jira]", 17: "enabled = true"],
            expected: "16:1: [sources.jira] needs at least one value in 'secrets'"),
        Case(
            check: "a source is one the bridge knows", lines: [16: "[sources.bitbucket]", 17: #"tokens = ["t"]"#],
            expected: "16:10: unknown source 'bitbucket'"),
        Case(
            check: "an admin token's scope is read or operate",
            lines: [15: "concurrency = 2\n[admin]\n" + #"tokens = [{ name = "a", token = "x", scope = "write" }]"#],
            expected: "17:47: 'scope' must be one of"),
        Case(
            check: "admin token names are unique",
            lines: [15: "concurrency = 2\n[admin]\n" + #"tokens = [{ name = "a", token = "x", scope = "read" }, { name = "a", token = "y", scope = "read" }]"#],
            expected: "17:66: duplicate admin token name 'a'"),
        Case(
            check: "an admin token's token_file holds a token",
            lines: [15: "concurrency = 2\n[admin]\n" + #"tokens = [{ name = "a", token_file = "{FOLDER}/empty", scope = "read" }]"#],
            expected: "17:39: token_file "),
    ]

    static let valid: [Case] = [
        Case(check: "the base config", lines: [:], expected: nil),
        Case(
            check: "the smallest limits",
            lines: [4: "max_body_bytes = 1", 5: "shutdown_timeout = 0", 13: "max_attempts = 1", 15: "concurrency = 1"],
            expected: nil),
        Case(
            check: "a breaker at the edge of every range",
            lines: [
                11: """
                    token = "sniffer_parity"
                    [sniffer.breaker]
                    failures = 1
                    failure_ratio = 1
                    min_calls = 1
                    window = "1ms"
                    cooldown = "60s"
                    max_cooldown = "60s"
                    """,
            ],
            expected: nil),
        Case(
            check: "a Snipe-IT target with its breaker",
            lines: [
                13: """
                    max_attempts = 3
                    [snipeit]
                    base_url = "https://assets.example"
                    token_file = "{FOLDER}/token"
                    timeout = "10s"
                    rate_limit = 1
                    burst = 1
                    [snipeit.breaker]
                    failures = 1
                    """,
            ],
            expected: nil),
        Case(
            check: "admin tokens inline and from token_file",
            lines: [
                15: "concurrency = 2\n[admin]\n"
                    + #"tokens = [{ name = "a", token = "x", scope = "operate" }, { name = "b", token_file = "{FOLDER}/token", scope = "read" }]"#,
            ],
            expected: nil),
        Case(
            check: "spans exported to a collector",
            lines: [15: "concurrency = 2\n[tracing]\notlp_endpoint = \"http://127.0.0.1:9/v1/traces\"\nflush_interval = \"250ms\""],
            expected: nil),
        Case(check: "a breaker switched off", lines: [11: "token = \"sniffer_parity\"\n[sniffer.breaker]\nenabled = false"], expected: nil),
        Case(
            check: "a token read from token_file",
            lines: [10: #"base_url = "https://sniffer.example""#, 11: #"token_file = "{FOLDER}/token""#], expected: nil),
        Case(
            check: "every source, a disabled one without secrets",
            lines: [
                17: """
                    tokens = ["ci-token"]
                    [sources.github]
                    secrets = ["gh"]
                    [sources.gitlab]
                    signing_keys = ["\(whsec)"]
                    [sources.jenkins]
                    tokens = ["j"]
                    [sources.jira]
                    allow_unsigned = true
                    [sources.slack]
                    enabled = false
                    """,
            ],
            expected: nil),
    ]

    /// A folder holding `token` (a token with whitespace around it) and `empty`.
    static func folder() throws -> TemporaryFolder {
        let folder = try TemporaryFolder(prefix: "parity")
        try folder.write("token", "  sniffer_from_file\n")
        try folder.write("empty", "\n")
        return folder
    }

    static var mapping: String { SharedFiles.packageRoot.appendingPathComponent("mappings/ci-generic.toml").path }

    static func options(_ logs: InMemoryLogHandler) -> Gateway.Options {
        Gateway.Options(logger: Logger(label: "parity", level: .error, handler: logs), loopCount: 1, portOverride: 0)
    }

    @Test(arguments: broken)
    func checkAndServeRefuseTheSameConfig(_ broken: Case) async throws {
        let folder = try Self.folder()
        defer { folder.remove() }
        let path = try folder.write("bridge.toml", broken.text(mapping: Self.mapping, folder: folder.path))
        let expected = try #require(broken.expected)
        let diagnostic = "\(path):\(expected)"

        let check = try await ChildProcess.run(["check", "--config", path], folder: URL(fileURLWithPath: folder.path))
        #expect(check.status == 1)
        #expect(check.error.hasPrefix(diagnostic), "check printed: \(check.error)")
        let line = check.error.split(separator: "\n").first.map(String.init) ?? ""

        // serve's own path, in-process: the loader, then the gateway.
        var refusal: [String] = []
        do {
            let loaded = try ConfigLoader.load(path: path, environment: [:])
            let gateway = try Gateway(loaded: loaded, options: Self.options(InMemoryLogHandler()))
            await gateway.stop()
        } catch let error as LoadError {
            refusal = error.lines
        } catch {
            refusal = ["\(error)"]
        }
        #expect(refusal == [line], "the gateway's path said \(refusal)")

        let serve = try await ChildProcess.run(["serve", "--config", path], folder: URL(fileURLWithPath: folder.path))
        #expect(serve.status == 1)
        #expect(serve.output.isEmpty, "serve started: \(serve.output)")
        #expect(serve.error.split(separator: "\n").map(String.init).contains(line), "serve printed: \(serve.error)")
    }

    @Test(arguments: valid)
    func checkAndServeAcceptTheSameConfig(_ valid: Case) async throws {
        let folder = try Self.folder()
        defer { folder.remove() }
        let path = try folder.write("bridge.toml", valid.text(mapping: Self.mapping, folder: folder.path))

        let check = try await ChildProcess.run(["check", "--config", path], folder: URL(fileURLWithPath: folder.path))
        #expect(check.status == 0, "check printed: \(check.error)")
        #expect(check.output.hasSuffix(" OK\n"))

        let loaded = try ConfigLoader.load(path: path, environment: [:])
        let gateway = try Gateway(loaded: loaded, options: Self.options(InMemoryLogHandler()))
        try await gateway.start()
        #expect(gateway.port != nil)
        #expect(gateway.configuredSecrets.contains(loaded.config.sniffer.token))
        await gateway.stop()
    }

    /// The `serve` binary too: it starts on the base config, and on SIGTERM stops with 0.
    @Test func serveStartsOnAConfigCheckAccepts() async throws {
        let folder = try Self.folder()
        defer { folder.remove() }
        let path = try folder.write("bridge.toml", Self.valid[0].text(mapping: Self.mapping, folder: folder.path))
        let serve = try ChildProcess(["serve", "--config", path], folder: URL(fileURLWithPath: folder.path), name: "serve")
        let line = try await serve.firstLine()
        #expect(line.hasPrefix(#"{"listen": "127.0.0.1:"#))
        #expect(try await serve.stop(SIGTERM) == 0)
    }
}
