import Config
import Foundation
import Rules
import TestSupport
import Testing

/// What `serve` used to find wrong only when it started (the listen address,
/// the token or its file, the limits), now the loader's to report, each at
/// its `file:line:col`; and the values it hands over.
@Suite struct ServeSettingsTests {
    static func errors(_ text: String, environment: [String: String] = [:]) throws -> [String] {
        try ConfigKeyTests.errors(text, environment: environment)
    }

    static func config(_ text: String) throws -> BridgeConfig { try ConfigKeyTests.config(text) }

    @Test func listenAddresses() throws {
        #expect(ListenAddress.parse("0.0.0.0:8080") == .success(ListenAddress(host: "0.0.0.0", port: 8080)))
        #expect(ListenAddress.parse("[::1]:9") == .success(ListenAddress(host: "::1", port: 9)))
        #expect(ListenAddress.parse("localhost:0") == .success(ListenAddress(host: "localhost", port: 0)))
        #expect(ListenAddress(host: "::1", port: 9).description == "[::1]:9")
        for text in ["8080", "host:", ":80", "h:99999", "h:x", "[]:80"] {
            guard case .failure = ListenAddress.parse(text) else {
                Issue.record("\(text) was accepted")
                continue
            }
        }
        #expect(try Self.config("[server]\nlisten = \"[::1]:8081\"\n").server.listen == ListenAddress(host: "::1", port: 8081))
        #expect(try Self.errors("[server]\nlisten = \"8080\"\n") == [
            #"bridge.toml:3:11: 'listen' must be HOST:PORT (e.g. "0.0.0.0:8080" or "[::1]:8080"), found "8080""#,
        ])
        #expect(try Self.errors("[server]\nlisten = \"h:99999\"\n") == [
            #"bridge.toml:3:11: 'listen' needs a port in 0...65535 after its last ':', found "h:99999""#,
        ])
    }

    @Test func limitsAreAtLeastOne() throws {
        #expect(try Self.errors("[server]\nmax_body_bytes = 0\n[retry]\nmax_attempts = -1\n[delivery]\nconcurrency = 0\n") == [
            "bridge.toml:3:18: 'max_body_bytes' must be at least 1, found 0",
            "bridge.toml:5:16: 'max_attempts' must be at least 1, found -1",
            "bridge.toml:7:15: 'concurrency' must be at least 1, found 0",
        ])
        let config = try Self.config("[server]\nmax_body_bytes = 1\n[retry]\nmax_attempts = 1\n[delivery]\nconcurrency = 32\n")
        #expect([config.server.maxBodyBytes, config.retry.maxAttempts, config.delivery.concurrency] == [Int]([1, 1, 32]))
        let unknown = try Self.errors("[delivery]\nworkers = 32\n")
        #expect(unknown.count == 1 && unknown[0].contains("unknown key 'workers'"))
    }

    @Test func durationsThatOverflowAreRefused() throws {
        #expect(try Self.errors("[server]\nshutdown_timeout = 9223372036854775807\n") == [
            #"bridge.toml:3:20: invalid duration "9223372036854775807" (use a number with ms, s, m, h or d, e.g. "500ms", "7d")"#,
        ])
        #expect(try Self.config("[server]\nshutdown_timeout = 30\n").server.shutdownTimeoutMilliseconds == 30_000)
    }

    @Test func theDataDirectoryIsRelativeToTheConfigFile() throws {
        var config = BridgeConfig(path: "/etc/bridge/bridge.toml", mappings: [])
        config.store.path = "data"
        #expect(config.dataDirectory == "/etc/bridge/data")
        config.store.path = "/var/lib/bridge"
        #expect(config.dataDirectory == "/var/lib/bridge")
        #expect(try Self.errors("[store]\npath = \"\"\n") == ["bridge.toml:3:9: 'path' must not be empty"])
    }

    @Test func theBaseURLIsAnHTTPURL() throws {
        #expect(try Self.config("[sniffer]\nbase_url = \"http://127.0.0.1:8090\"\ntoken = \"t\"\n").sniffer.baseURL == "http://127.0.0.1:8090")
        for text in ["localhost:8090", "ftp://sniffer", "https://", "sniffer.example"] {
            #expect(try Self.errors("[sniffer]\nbase_url = \"\(text)\"\ntoken = \"t\"\n") == [
                #"bridge.toml:3:13: 'base_url' must be an http:// or https:// URL with a host, found "\#(text)""#,
            ])
        }
    }

    @Test func theTokenComesFromTheConfigOrItsFile() throws {
        #expect(try Self.config("[sniffer]\ntoken = \"sniffer_a\"\n").sniffer.token == "sniffer_a")
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try folder.write("token", "  sniffer_b\n")
        let fromFile = try Self.config("[sniffer]\ntoken_file = \"\(file)\"\n")
        #expect(fromFile.sniffer.token == "sniffer_b")
        #expect(fromFile.sniffer.tokenFile == file)
        // Read on every load: a rotated file is what the next reload uses.
        try folder.write("token", "sniffer_c")
        #expect(try Self.config("[sniffer]\ntoken_file = \"\(file)\"\n").sniffer.token == "sniffer_c")
        let empty = try folder.write("empty", " \n")
        #expect(try Self.errors("[sniffer]\ntoken_file = \"\(empty)\"\n") == [
            "bridge.toml:3:15: token_file \(empty) holds no token (it is empty)",
        ])
    }

    @Test func theTokenIsGivenExactlyOnce() throws {
        let needs = "[sniffer] needs 'token' or 'token_file' (the Sniffer API token)"
        #expect(try Self.errors("[sniffer]\nproject = \"p\"\n") == ["bridge.toml:2:1: \(needs)"])
        #expect(try Self.errors("[sniffer]\ntoken = \"\"\n") == ["bridge.toml:3:10: 'token' must not be empty"])
        #expect(try Self.errors("[sniffer]\ntoken = \"${EMPTY}\"\n", environment: ["EMPTY": ""]) == [
            "bridge.toml:3:10: 'token' must not be empty",
        ])
        #expect(try Self.errors("[sniffer]\ntoken = \"t\"\ntoken_file = \"/run/secrets/sniffer\"\n") == [
            "bridge.toml:4:1: 'token' and 'token_file' are both set: give one of them",
        ])
        #expect(try Self.errors("[sniffer]\ntoken_file = \"/nonexistent/sniffer-token\"\n") == [
            "bridge.toml:3:15: cannot read token_file /nonexistent/sniffer-token: no such file",
        ])
        #expect(try Self.errors("[sniffer]\ntoken = 3\n") == ["bridge.toml:3:9: 'token' must be a string, found integer"])
        // No [sniffer] table at all: reported at the top of the file.
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("maps/a.toml", ConfigLoaderTests.rule.replacingOccurrences(of: "NAME", with: "a"))
        let path = try folder.write("bridge.toml", "mappings = [\"maps/*.toml\"]\n")
        #expect(throws: LoadError.self) { try ConfigLoader.load(path: path, environment: [:]) }
        do { _ = try ConfigLoader.load(path: path, environment: [:]) } catch { #expect(error.lines == ["\(path):1:1: \(needs)"]) }
    }

    /// `dry-run` and `test` send nothing: their load leaves out the token (and
    /// never reads its file); everything else is checked as for `serve`.
    @Test func theMappingsLoadWithoutTheToken() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("maps/a.toml", ConfigLoaderTests.rule.replacingOccurrences(of: "NAME", with: "a"))
        let bare = try folder.write("bare.toml", "mappings = [\"maps/*.toml\"]\n")
        #expect(try MappingSet.load(configPath: bare, environment: [:]).rules.map(\.name) == ["a"])
        let file = try folder.write("file.toml", "mappings = [\"maps/*.toml\"]\n[sniffer]\ntoken_file = \"/nonexistent/t\"\n")
        #expect(try MappingSet.load(configPath: file, environment: [:]).rules.count == 1)
        let broken = try folder.write("broken.toml", "mappings = [\"maps/*.toml\"]\n[server]\nlisten = \"8080\"\n")
        #expect(throws: LoadError.self) { try MappingSet.load(configPath: broken, environment: [:]) }
    }
}
