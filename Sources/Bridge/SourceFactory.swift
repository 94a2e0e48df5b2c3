import Config
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
            do {
                sources[name] = try source(name, settings)
            } catch {
                throw GatewayError.configuration("\(error)")
            }
        }
        return sources
    }

    static func source(_ name: String, _ settings: BridgeConfig.Source) throws -> any WebhookSource {
        let secrets = settings.secrets.map { Secret($0) }
        switch name {
        case GitHubSource.name: return GitHubSource(configuration: try .init(secrets: secrets))
        case GitLabSource.name:
            return GitLabSource(configuration: try .init(tokens: secrets, signingKeys: settings.signingKeys.map { Secret($0) }))
        case JenkinsSource.name: return JenkinsSource(configuration: try .init(tokens: secrets))
        case CISource.name: return CISource(configuration: try .init(tokens: secrets))
        // Jira Connect/OAuth webhooks are unsigned: accepted only with `allow_unsigned = true`.
        case JiraSource.name: return JiraSource(configuration: try .init(secrets: secrets, allowUnsigned: settings.allowUnsigned))
        case SlackSource.name: return SlackSource(configuration: try .init(signingSecrets: secrets))
        default: throw GatewayError.configuration("sources.\(name): unknown source")
        }
    }
}
