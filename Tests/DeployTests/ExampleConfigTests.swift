import Config
import TOML
import Testing

/// deploy/bridge.example.toml documents every setting of DESIGN.md's config
/// sketch with its default; deploy/bridge.container.toml is what the image
/// ships. Both load with the project's TOML decoder and use only known keys.
@Suite("Example config")
struct ExampleConfigTests {
    @Test func everySettingIsPresentWithItsDefault() throws {
        let document = try TOML.parse(try DeployFiles.text("bridge.example.toml"))
        try ConfigKeys.checkKnown(document)
        #expect(document["mappings"]?.value.arrayValue?.map(\.value.stringValue) == ["mappings/*.toml"])
        let defaults: [(String, String, TOMLValue)] = [
            ("server", "listen", .string("0.0.0.0:8080")),
            ("server", "max_body_bytes", .integer(1_048_576)),
            ("server", "shutdown_timeout", .string("10s")),
            ("store", "path", .string("data")),
            ("store", "durability", .string("fsync")),
            ("store", "backend", .string("sqlite")),
            ("sniffer", "base_url", .string("https://support.api.dev.snifferweb.com")),
            ("sniffer", "token", .string("${SNIFFER_API_TOKEN}")),
            ("sniffer", "project", .string("${SNIFFER_PROJECT_ID}")),
            ("sniffer", "integration_key_field", .string("integrationKey")),
            ("sniffer", "integration_platform_field", .string("integrationPlatform")),
            ("sniffer", "default_platform", .string("SNIFFER_BRIDGE")),
            ("sniffer", "by_key_key_parameter", .string("key")),
            ("sniffer", "by_key_platform_parameter", .string("platform")),
            ("sniffer", "by_key_project_parameter", .string("project")),
            ("sniffer", "custom_fields", .string("details")),
            ("retry", "max_attempts", .integer(12)),
            ("retry", "base_delay", .string("500ms")),
            ("retry", "max_delay", .string("5m")),
            ("retry", "max_age", .string("24h")),
            ("delivery", "concurrency", .integer(16)),
        ]
        for (section, key, value) in defaults {
            #expect(document[section]?.value.tableValue?[key]?.value == value, "\(section).\(key)")
        }
        for (section, keys) in ConfigKeys.sections where !ConfigSchema.optionalSections.contains(section) {
            let present = Set(document[section]?.value.tableValue?.keys ?? [])
            // token_file is the alternative to token, web_url has no
            // default, and PostgreSQL's keys are errors beside backend =
            // "sqlite": all are documented as comments.
            #expect(present == keys.subtracting(["token_file", "web_url", "url", "url_file", "schema", "lease"]), "[\(section)]")
        }
        let sources = try #require(document["sources"]?.value.tableValue)
        #expect(Set(sources.keys) == Set(ConfigKeys.sourceSecretKeys.keys))
        for (source, secretKey) in ConfigKeys.sourceSecretKeys {
            let values = sources[source]?.value.tableValue?[secretKey]?.value.arrayValue ?? []
            #expect(values.count == 1, "sources.\(source).\(secretKey)")
            #expect(values.first?.value.stringValue?.hasPrefix("${") == true, "sources.\(source) takes its secret from the environment")
        }
    }

    @Test func tokenFileAlternativeIsDocumented() throws {
        let text = try DeployFiles.text("bridge.example.toml")
        #expect(text.contains("# token_file = \""))
        for key in ["url_file", "schema", "lease"] { #expect(text.contains("# \(key) = "), "store.\(key) is not documented") }
        // Each breaker table is documented as comments, every key with its default.
        for target in ConfigSchema.breakerTargets {
            let table = try #require(text.components(separatedBy: "# [\(target).breaker]\n").dropFirst().first)
            let section = table.components(separatedBy: "\n[").first ?? ""
            for key in ConfigSchema.breakerKeys { #expect(section.contains("\n# \(key) = "), "\(target).breaker.\(key) is not documented") }
        }
        // So is each section that turns a feature on, with every key.
        for section in ConfigSchema.optionalSections {
            let table = try #require(text.components(separatedBy: "# [\(section)]\n").dropFirst().first, "[\(section)] is not documented")
            let body = table.components(separatedBy: "\n[").first ?? ""
            for key in ConfigKeys.sections[section] ?? [] { #expect(body.contains("# \(key) = "), "\(section).\(key) is not documented") }
        }
        // The sources' optional keys are documented as comments too, in their section.
        for (source, keys) in ConfigKeys.sourceExtraKeys {
            let section = try #require(text.components(separatedBy: "[sources.\(source)]\n").last?.components(separatedBy: "\n[").first)
            for key in keys { #expect(section.contains("# \(key) = "), "sources.\(source).\(key) is not documented") }
        }
        // Every setting carries a comment: no key line directly follows another section's key without one.
        let lines = text.split(separator: "\n").map(String.init)
        for (index, line) in lines.enumerated() where line.contains(" = ") && !line.hasPrefix("#") {
            #expect(index > 0 && lines[index - 1].hasPrefix("#"), "no comment above: \(line)")
        }
    }

    @Test func containerConfigUsesAbsolutePathsAndKnownKeys() throws {
        let document = try TOML.parse(try DeployFiles.text("bridge.container.toml"))
        try ConfigKeys.checkKnown(document)
        #expect(ConfigKeys.string(document, "store", "path") == "/var/lib/sniffer-bridge")
        #expect(document["mappings"]?.value.arrayValue?.first?.value.stringValue == "/etc/sniffer-bridge/mappings/*.toml")
        #expect(ConfigKeys.string(document, "server", "listen") == "0.0.0.0:8080")
    }

    @Test func unknownKeysAreCaughtByTheCheck() throws {
        #expect(throws: ConfigKeys.Unknown.self) { try ConfigKeys.checkKnown(try TOML.parse("[server]\nport = 1\n")) }
        #expect(throws: ConfigKeys.Unknown.self) { try ConfigKeys.checkKnown(try TOML.parse("[sources.github]\ntokens = []\n")) }
        #expect(throws: ConfigKeys.Unknown.self) { try ConfigKeys.checkKnown(try TOML.parse("[sniffer.breaker]\nthreshold = 1\n")) }
        try ConfigKeys.checkKnown(try TOML.parse("[sniffer.breaker]\nfailures = 3\n"))
        #expect(ConfigKeys.environmentReferences(in: "a = \"${A}\" b = \"$${B}\" c = \"${C_2}\"") == ["A", "C_2"])
    }
}
