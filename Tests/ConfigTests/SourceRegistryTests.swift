import Config
import Foundation
import TestSupport
import Testing
import Webhooks

/// `SourceRegistry`: the one list of sources, and the adapters the loader
/// builds from it.
@Suite struct SourceRegistryTests {
    @Test func theSixSourcesInTheDocsOrder() {
        #expect(SourceRegistry.names == ["github", "gitlab", "jenkins", "ci", "jira", "slack"])
        #expect(ConfigSchema.sources.map(\.name) == SourceRegistry.names)
        #expect(SourceRegistry.entry("gitlab")?.keys == ["enabled", "tokens", "signing_keys"])
        #expect(SourceRegistry.entry("bitbucket") == nil)
    }

    @Test func everyEntryBuildsItsOwnAdapter() throws {
        for entry in SourceRegistry.all {
            var settings = BridgeConfig.Source()
            settings.secrets = ["s3cret"]
            #expect(try entry.adapter(settings).name == entry.name)
            #expect(try entry.unverifiedAdapter().name == entry.name)
            #expect(throws: WebhookConfigurationError.self, "\(entry.name) with no secret") {
                _ = try entry.adapter(BridgeConfig.Source())
            }
        }
    }

    @Test func theLoaderBuildsTheEnabledSourcesOnly() throws {
        let loaded = try Self.load("[sources.ci]\ntokens = [\"t\"]\n[sources.github]\nsecrets = [\"s\"]\nenabled = false\n")
        #expect(loaded.sources.keys.sorted() == ["ci"])
        #expect(loaded.config.sources.keys.sorted() == ["ci", "github"])
        #expect(loaded.sources["ci"]?.name == "ci")
    }

    @Test func jiraIsBuiltUnsignedOnlyWithAllowUnsigned() throws {
        let unsigned = try Self.load("[sources.jira]\nallow_unsigned = true\n")
        let jira = try #require(unsigned.sources["jira"] as? JiraSource)
        #expect(jira.configuration.allowUnsigned)
        #expect(jira.configuration.secrets.isEmpty)
        let signed = try #require(try Self.load("[sources.jira]\nsecrets = [\"j\"]\n").sources["jira"] as? JiraSource)
        #expect(!signed.configuration.allowUnsigned)
    }

    static func load(_ text: String) throws -> ConfigLoader.Loaded {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("maps/a.toml", ConfigLoaderTests.rule.replacingOccurrences(of: "NAME", with: "a"))
        let path = try folder.write("bridge.toml", "mappings = [\"maps/*.toml\"]\n[sniffer]\ntoken = \"t\"\n" + text)
        return try ConfigLoader.load(path: path, environment: [:])
    }
}
