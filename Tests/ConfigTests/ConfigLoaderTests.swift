import Config
import Foundation
import JSON
import Rules
import TestSupport
import Testing

@Suite struct ConfigLoaderTests {
    static let rule = """
        [[rule]]
        name = "NAME"
        source = "ci"
        [[rule.actions]]
        do = "reply"
        text = "hi"

        """

    @Test func loadsConfigAndGlobbedMappingsRelativeToTheConfig() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("maps/a.toml", Self.rule.replacingOccurrences(of: "NAME", with: "a1") + Self.rule.replacingOccurrences(of: "NAME", with: "a2"))
        try folder.write("maps/b.toml", Self.rule.replacingOccurrences(of: "NAME", with: "b1"))
        let config = try folder.write("bridge.toml", """
            mappings = ["maps/*.toml"]
            [server]
            listen = "127.0.0.1:9000"
            [store]
            durability = "os"
            reserve_bytes = 1048576
            [sniffer]
            token = "${TOKEN}"
            project = "7"
            [retry]
            max_attempts = 3
            base_delay = "250ms"
            max_age = "2h"
            [sources.github]
            secrets = ["old", "${NEW_SECRET}"]
            [sources.slack]
            signing_secrets = ["s"]
            enabled = false
            """)
        let loaded = try ConfigLoader.load(path: config, environment: ["TOKEN": "sniffer_abc", "NEW_SECRET": "new"])
        #expect(ConfigLoader.summary(loaded) == "3 rules in 2 files OK")
        #expect(loaded.mappings.rules.map(\.name) == ["a1", "a2", "b1"])
        #expect(loaded.config.server.listen == ListenAddress(host: "127.0.0.1", port: 9000))
        #expect(loaded.config.store.durability == .os)
        #expect(loaded.config.store.reserveBytes == 1_048_576)
        #expect(loaded.config.sniffer.token == "sniffer_abc")
        #expect(loaded.config.sniffer.project == "7")
        #expect(loaded.config.retry.maxAttempts == 3)
        #expect(loaded.config.retry.baseDelayMilliseconds == 250)
        #expect(loaded.config.retry.maxAgeMilliseconds == 7_200_000)
        #expect(loaded.config.retry.maxDelayMilliseconds == 300_000)
        #expect(loaded.config.sources["github"]?.secrets == ["old", "new"])
        #expect(loaded.config.sources["slack"]?.enabled == false)
    }

    @Test func reportsConfigAndMappingErrorsTogether() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("maps/bad.toml", "[[rule]]\nname = \"x\"\nsource = \"ci\"\n")
        let config = try folder.write("bridge.toml", """
            mappings = ["maps/*.toml", "missing/*.toml"]
            colour = 1
            [store]
            durability = "sometimes"
            [retry]
            base_delay = "soon"
            [sources.gitlab]
            secrets = ["wrong key"]
            [sources.bitbucket]
            tokens = []
            [sniffer]
            token = "${UNSET_TOKEN}"
            """)
        do {
            _ = try ConfigLoader.load(path: config, environment: [:])
            Issue.record("expected errors")
        } catch {
            let file = config
            #expect(error.lines == [
                "\(file):1:1: no mapping file matches 'missing/*.toml'",
                "\(file):2:1: unknown key 'colour' in the config file (known: delivery, mappings, retry, server, sniffer, snipeit, sources, store, tracing)",
                "\(file):4:15: 'durability' must be one of \"fsync\", \"os\", found \"sometimes\"",
                "\(file):6:15: invalid duration \"soon\" (use a number with ms, s, m, h or d, e.g. \"500ms\", \"7d\")",
                "\(file):7:1: [sources.gitlab] needs at least one value in 'tokens' or 'signing_keys' (or enabled = false)",
                "\(file):8:1: unknown key 'secrets' in [sources.gitlab] (known: enabled, signing_keys, tokens)",
                "\(file):9:10: unknown source 'bitbucket' (known: github, gitlab, jenkins, ci, jira, slack)",
                "\(file):12:10: environment variable 'UNSET_TOKEN' is not set",
                "\(folder.path)/maps/bad.toml:1:1: rule needs at least one [[rule.actions]] entry",
            ])
        }
    }

    @Test func aMissingConfigFileIsOneClearError() {
        do {
            _ = try ConfigLoader.load(path: "/nonexistent/bridge.toml", environment: [:])
            Issue.record("expected an error")
        } catch {
            #expect(error.lines == ["/nonexistent/bridge.toml:1:1: cannot read /nonexistent/bridge.toml: no such file"])
        }
    }

    @Test func theShippedMappingPassesCheck() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let mappings = SharedFiles.packageRoot.appendingPathComponent("mappings").path
        let config = try folder.write("bridge.toml", "mappings = [\"\(mappings)/*.toml\"]\n[sniffer]\ntoken = \"t\"\n")
        let loaded = try ConfigLoader.load(path: config, environment: [:])
        #expect(loaded.mappings.rules.count >= 4)
    }
}
