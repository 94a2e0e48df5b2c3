import Config
import Foundation
import Rules
import TestSupport
import Testing

/// The config keys beyond the basics: GitLab's `signing_keys`, Jira's
/// `allow_unsigned`, `[sniffer]`'s integration-key names, what every source
/// needs, and that the loader reads every key `ConfigSchema` accepts.
@Suite struct ConfigKeyTests {
    static let key = "whsec_" + Data((0..<32).map { UInt8($0) }).base64EncodedString()

    /// Loads `text` as `bridge.toml`, after a `mappings` line naming one
    /// mapping (and followed by a `[sniffer]` token unless `text` has a
    /// `[sniffer]` of its own): the config, or the error lines without the
    /// folder (`bridge.toml:3:1: ...`).
    static func load(_ text: String, environment: [String: String] = [:]) throws -> Result<BridgeConfig, LoadErrorLines> {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("maps/a.toml", ConfigLoaderTests.rule.replacingOccurrences(of: "NAME", with: "a"))
        let token = text.contains("[sniffer]") ? "" : "\n[sniffer]\ntoken = \"t\"\n"
        let path = try folder.write("bridge.toml", "mappings = [\"maps/*.toml\"]\n" + text + token)
        do {
            return .success(try ConfigLoader.load(path: path, environment: environment).config)
        } catch {
            return .failure(LoadErrorLines(lines: error.lines.map { $0.replacingOccurrences(of: folder.path + "/", with: "") }))
        }
    }

    struct LoadErrorLines: Error, CustomStringConvertible {
        let lines: [String]
        var description: String { lines.joined(separator: "\n") }
    }

    static func errors(_ text: String, environment: [String: String] = [:]) throws -> [String] {
        switch try load(text, environment: environment) {
        case .success: return []
        case .failure(let error): return error.lines
        }
    }

    static func config(_ text: String, environment: [String: String] = [:]) throws -> BridgeConfig {
        try load(text, environment: environment).get()
    }

    @Test func gitlabSigningKeysAndJiraAllowUnsignedAreRead() throws {
        let config = try Self.config("""
            [sources.gitlab]
            signing_keys = ["${GITLAB_KEY}", "\(Self.key)"]
            [sources.jira]
            allow_unsigned = true
            """, environment: ["GITLAB_KEY": Self.key])
        #expect(config.sources["gitlab"]?.signingKeys == [Self.key, Self.key])
        #expect(config.sources["gitlab"]?.secrets == [])
        #expect(config.sources["jira"]?.allowUnsigned == true)
        #expect(config.sources["jira"]?.credentials == [])
    }

    @Test func existingConfigsKeepTheirMeaning() throws {
        let config = try Self.config("""
            [sniffer]
            token = "t"
            [sources.gitlab]
            tokens = ["g"]
            [sources.jira]
            secrets = ["j"]
            """)
        #expect(config.sources["gitlab"]?.signingKeys == [])
        #expect(config.sources["jira"]?.allowUnsigned == false)
        #expect(config.sniffer.integrationKey == BridgeConfig.IntegrationKey())
        #expect(config.sniffer.integrationKey.keyField == "integrationKey")
        #expect(config.sniffer.integrationKey.defaultPlatform == "SNIFFER_BRIDGE")
    }

    @Test func integrationKeyNamesAreRead() throws {
        let config = try Self.config("""
            [sniffer]
            integration_key_field = "externalKey"
            integration_platform_field = "externalPlatform"
            default_platform = "CI_BRIDGE"
            by_key_key_parameter = "k"
            by_key_platform_parameter = "p"
            by_key_project_parameter = "in"
            token = "t"
            """)
        let names = config.sniffer.integrationKey
        #expect(names.keyField == "externalKey")
        #expect(names.platformField == "externalPlatform")
        #expect(names.defaultPlatform == "CI_BRIDGE")
        #expect([names.keyParameter, names.platformParameter, names.projectParameter] == ["k", "p", "in"])
    }

    @Test func integrationKeyNamesAreValidatedWithTheirPositions() throws {
        #expect(try Self.errors("""
            [sniffer]
            integration_key_field = ""
            default_platform = 3
            by_key_platform_parameter = "key"
            token = "t"
            """) == [
                "bridge.toml:3:26: 'integration_key_field' must not be empty",
                "bridge.toml:4:20: 'default_platform' must be a string, found integer",
                "bridge.toml:5:1: 'by_key_platform_parameter' must differ from 'by_key_key_parameter' (both are \"key\")",
            ])
        #expect(try Self.errors("""
            [sniffer]
            integration_platform_field = "ref"
            integration_key_field = "ref"
            token = "t"
            """) == [
                "bridge.toml:3:1: 'integration_platform_field' must differ from 'integration_key_field' (both are \"ref\")",
            ])
    }

    @Test func sourceCredentialsAreValidatedWithTheirPositions() throws {
        let width = Self.key.count
        #expect(try Self.errors("""
            [sources.gitlab]
            signing_keys = ["\(Self.key)", "whsec_!!", ""]
            tokens = "t"
            [sources.jira]
            allow_unsigned = "yes"
            [sources.ci]
            tokens = []
            [sources.github]
            secrets = ["s", ""]
            [sources.slack]
            enabled = true
            """) == [
                "bridge.toml:3:\(22 + width): 'signing_keys' entry 2 is not a Standard Webhooks key (whsec_ followed by base64)",
                "bridge.toml:3:\(34 + width): 'signing_keys' entry 3 is an empty string",
                "bridge.toml:4:10: 'tokens' must be an array of strings, found string",
                "bridge.toml:6:18: 'allow_unsigned' must be true or false, found string",
                "bridge.toml:8:10: [sources.ci] needs at least one value in 'tokens' (or enabled = false)",
                "bridge.toml:10:18: 'secrets' entry 2 is an empty string",
                "bridge.toml:11:1: [sources.slack] needs at least one value in 'signing_secrets' (or enabled = false)",
            ])
    }

    @Test func gitlabNeedsTokensOrSigningKeys() throws {
        #expect(try Self.errors("[sources.gitlab]\nenabled = true\n") == [
            "bridge.toml:2:1: [sources.gitlab] needs at least one value in 'tokens' or 'signing_keys' (or enabled = false)",
        ])
        #expect(try Self.errors("[sources.gitlab]\ntokens = [\"t\"]\nsigning_keys = []\n").isEmpty)
    }

    @Test func jiraIsUnsignedOnlyWhenSaidSo() throws {
        let needs = "[sources.jira] needs at least one value in 'secrets', or allow_unsigned = true to accept unsigned requests (Connect and OAuth webhooks are unsigned)"
        #expect(try Self.errors("[sources.jira]\nenabled = true\n") == ["bridge.toml:2:1: \(needs)"])
        #expect(try Self.errors("[sources.jira]\nsecrets = []\nallow_unsigned = false\n") == ["bridge.toml:3:11: \(needs)"])
        #expect(try Self.errors("[sources.jira]\nsecrets = [\"s\"]\nallow_unsigned = true\n") == [
            "bridge.toml:4:1: allow_unsigned = true has no effect while 'secrets' is set: signed requests are required (remove one of the two)",
        ])
        #expect(try Self.errors("[sources.jira]\nallow_unsigned = true\n").isEmpty)
    }

    @Test func aDisabledSourceNeedsNoCredentials() throws {
        let config = try Self.config("[sources.jira]\nenabled = false\n[sources.gitlab]\nenabled = false\ntokens = [\"\"]\n")
        #expect(config.sources["jira"]?.enabled == false)
        #expect(config.sources["gitlab"]?.secrets == [""])
        // Types are checked all the same.
        #expect(try Self.errors("[sources.gitlab]\nenabled = false\nsigning_keys = 1\n") == [
            "bridge.toml:4:16: 'signing_keys' must be an array of strings, found integer",
        ])
    }

    @Test func anUnsetVariableIsReportedOnceNotAsAMissingSecret() throws {
        #expect(try Self.errors("[sources.github]\nsecrets = [\"${GH}\"]\n") == [
            "bridge.toml:3:13: environment variable 'GH' is not set",
        ])
    }

    /// Each key the schema accepts is read by the loader: given a value of no
    /// key's type (an inline table), each one is reported at its own line.
    @Test func theLoaderReadsEveryKeyTheSchemaAccepts() throws {
        var text = ""
        var expected: [String: String] = [:]
        var line = 2
        func add(_ table: String, _ keys: [String]) {
            text += "[\(table)]\n"
            line += 1
            for key in keys {
                text += "\(key) = {}\n"
                expected["bridge.toml:\(line):"] = "\(table).\(key)"
                line += 1
            }
        }
        for section in ConfigSchema.sections { add(section.name, section.keys) }
        for target in ConfigSchema.breakerTargets { add("\(target).breaker", ConfigSchema.breakerKeys) }
        for source in ConfigSchema.sources { add("sources.\(source.name)", source.keys) }
        let errors = try Self.errors(text)
        for (prefix, key) in expected.sorted(by: { $0.key < $1.key }) {
            #expect(errors.contains { $0.hasPrefix(prefix) }, "\(key) (\(prefix)) is accepted but never read: \(errors)")
        }
        #expect(!errors.contains { $0.contains("unknown key") }, "\(errors)")
    }
}

@Suite struct TracingConfigTests {
    @Test func aTracingTableTurnsTheExporterOnWithItsDefaults() throws {
        let config = try ConfigKeyTests.config("[tracing]\notlp_endpoint = \"http://collector:4318/v1/traces\"\n")
        let tracing = try #require(config.tracing)
        #expect(tracing.otlpEndpoint == "http://collector:4318/v1/traces")
        #expect(tracing.serviceName == "sniffer-bridge")
        #expect(tracing.queueLimit == 2_048)
        #expect(tracing.batchSize == 512)
        #expect(tracing.flushIntervalMilliseconds == 1_000)
        #expect(tracing.timeoutMilliseconds == 10_000)
        #expect(try ConfigKeyTests.config("").tracing == nil)
    }

    @Test func everyKeyIsRead() throws {
        let config = try ConfigKeyTests.config(
            """
            [tracing]
            otlp_endpoint = "https://otel.example/v1/traces"
            service_name = "bridge-eu"
            queue_limit = 100
            batch_size = 10
            flush_interval = "250ms"
            timeout = "2s"

            """)
        let tracing = try #require(config.tracing)
        #expect(tracing.serviceName == "bridge-eu")
        #expect(tracing.queueLimit == 100)
        #expect(tracing.batchSize == 10)
        #expect(tracing.flushIntervalMilliseconds == 250)
        #expect(tracing.timeoutMilliseconds == 2_000)
    }

    @Test func whatServeWouldRefuseIsReportedWhereItIs() throws {
        #expect(try ConfigKeyTests.errors("[tracing]\nservice_name = \"x\"\n") == ["bridge.toml:2:1: [tracing] needs 'otlp_endpoint'"])
        #expect(try ConfigKeyTests.errors("[tracing]\notlp_endpoint = \"collector:4318\"\n") == [
            "bridge.toml:3:18: 'otlp_endpoint' must be an http:// or https:// URL with a host, found \"collector:4318\""
        ])
        #expect(try ConfigKeyTests.errors("[tracing]\notlp_endpoint = \"http://c/v1/traces\"\nbatch_size = 0\nflush_interval = \"0s\"\nservice_name = \"\"\ncolour = 1\n") == [
            "bridge.toml:4:14: 'batch_size' must be at least 1, found 0",
            "bridge.toml:5:19: 'flush_interval' must be longer than 0s",
            "bridge.toml:6:17: 'service_name' must not be empty",
            "bridge.toml:7:1: unknown key 'colour' in [tracing] (known: batch_size, flush_interval, otlp_endpoint, queue_limit, service_name, timeout)",
        ])
    }
}
