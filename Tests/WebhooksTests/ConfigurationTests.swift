import Testing
import Webhooks

@Suite struct ConfigurationTests {
    func message(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as WebhookConfigurationError {
            return error.description
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test func emptySecretListsAreConfigurationErrors() {
        #expect(message { _ = try GitHubSource.Configuration(secrets: []) } == "sources.github: 'secrets' is empty: at least one is required")
        #expect(message { _ = try JenkinsSource.Configuration(tokens: []) } == "sources.jenkins: 'tokens' is empty: at least one is required")
        #expect(message { _ = try CISource.Configuration(tokens: []) } == "sources.ci: 'tokens' is empty: at least one is required")
        #expect(message { _ = try SlackSource.Configuration(signingSecrets: []) }
            == "sources.slack: 'signing_secrets' is empty: at least one is required")
        #expect(message { _ = try GitLabSource.Configuration(tokens: [], signingKeys: []) }?
            .contains("'tokens' and 'signing_keys' are both empty") == true)
        #expect(message { _ = try JiraSource.Configuration(secrets: []) }?.contains("allow_unsigned = true") == true)
    }

    @Test func emptyStringSecretIsAConfigurationError() {
        #expect(message { _ = try GitHubSource.Configuration(secrets: ["a", ""]) } == "sources.github: 'secrets' entry 2 is an empty string")
        #expect(message { _ = try GitLabSource.Configuration(tokens: [""]) }?.contains("'tokens' entry 1") == true)
        #expect(message { _ = try JiraSource.Configuration(secrets: [""], allowUnsigned: true) }?.contains("entry 1") == true)
    }

    @Test func badSigningKeyIsNamedByPositionNotValue() {
        let text = message { _ = try GitLabSource.Configuration(tokens: [], signingKeys: ["whsec_MfKQ9r8GKYqr", "whsec_!!not-base64!!"]) }
        #expect(text == "sources.gitlab: 'signing_keys' entry 2 is not whsec_<base64 key>")
        #expect(text?.contains("not-base64") == false)
    }

    @Test func validConfigurationsBuildSourcesWithTheirNames() throws {
        let sources: [any WebhookSource] = [
            GitHubSource(configuration: try .init(secrets: ["s"])),
            GitLabSource(configuration: try .init(tokens: ["t"])),
            JenkinsSource(configuration: try .init(tokens: ["t"])),
            CISource(configuration: try .init(tokens: ["t"])),
            JiraSource(configuration: try .init(secrets: ["s"])),
            SlackSource(configuration: try .init(signingSecrets: ["s"])),
        ]
        #expect(sources.map(\.name) == ["github", "gitlab", "jenkins", "ci", "jira", "slack"])
    }
}
