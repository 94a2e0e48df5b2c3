import Rules
import Webhooks
import Telemetry

/// Builds the enabled webhook sources of a config: one adapter per
/// `[sources.<name>]` table whose `enabled` is not false.
package enum SourceFactory {
    /// The adapters by name; throws the first source whose settings are unusable.
    package static func sources(_ config: BridgeConfig) throws(GatewayError) -> [String: any WebhookSource] {
        var sources: [String: any WebhookSource] = [:]
        for (name, settings) in config.sources.sorted(by: { $0.key < $1.key }) where settings.enabled {
            let secrets = settings.secrets.map { Secret($0) }
            do {
                sources[name] = try source(name, secrets)
            } catch {
                throw GatewayError.configuration("\(error)")
            }
        }
        return sources
    }

    static func source(_ name: String, _ secrets: [Secret]) throws -> any WebhookSource {
        switch name {
        case GitHubSource.name: return GitHubSource(configuration: try .init(secrets: secrets))
        case GitLabSource.name: return GitLabSource(configuration: try .init(tokens: secrets))
        case JenkinsSource.name: return JenkinsSource(configuration: try .init(tokens: secrets))
        case CISource.name: return CISource(configuration: try .init(tokens: secrets))
        // Jira Connect/OAuth webhooks are unsigned: no secret configured means none is checked.
        case JiraSource.name: return JiraSource(configuration: try .init(secrets: secrets, allowUnsigned: secrets.isEmpty))
        case SlackSource.name: return SlackSource(configuration: try .init(signingSecrets: secrets))
        default: throw GatewayError.configuration("sources.\(name): unknown source")
        }
    }
}
