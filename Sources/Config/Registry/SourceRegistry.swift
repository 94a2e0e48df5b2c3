import Telemetry
import Webhooks

/// Every webhook source the bridge knows, in the order the docs list them.
/// The one list the rest derives from: the config schema's
/// `[sources.<name>]` tables, the names a rule's `source` may take, the
/// gateway's `POST /hooks/<name>` routes, the adapters the loader builds and
/// the offline decoder of `dry-run` and `test`.
///
/// To add a source: write its adapter in Webhooks, then add one entry here.
public enum SourceRegistry {
    /// Every source, in the order the docs (and `unknown source` messages) list them.
    public static let all: [Entry] = [
        Entry(name: GitHubSource.name, secretsKey: "secrets") { settings throws(WebhookConfigurationError) in
            GitHubSource(configuration: try .init(secrets: settings.secretValues))
        },
        Entry(name: GitLabSource.name, secretsKey: "tokens", extraKeys: ["signing_keys"]) { settings throws(WebhookConfigurationError) in
            GitLabSource(configuration: try .init(tokens: settings.secretValues, signingKeys: settings.signingKeys.map { Secret($0) }))
        },
        Entry(name: JenkinsSource.name, secretsKey: "tokens") { settings throws(WebhookConfigurationError) in
            JenkinsSource(configuration: try .init(tokens: settings.secretValues))
        },
        Entry(name: CISource.name, secretsKey: "tokens") { settings throws(WebhookConfigurationError) in
            CISource(configuration: try .init(tokens: settings.secretValues))
        },
        // Jira Connect/OAuth webhooks are unsigned: accepted only with `allow_unsigned = true`.
        Entry(name: JiraSource.name, secretsKey: "secrets", extraKeys: ["allow_unsigned"]) { settings throws(WebhookConfigurationError) in
            JiraSource(configuration: try .init(secrets: settings.secretValues, allowUnsigned: settings.allowUnsigned))
        },
        Entry(name: SlackSource.name, secretsKey: "signing_secrets") { settings throws(WebhookConfigurationError) in
            SlackSource(configuration: try .init(signingSecrets: settings.secretValues))
        },
    ]

    /// Every source's name, in the order of `all`.
    public static let names: [String] = all.map(\.name)

    /// The source called `name`, if the bridge knows it.
    public static func entry(_ name: String) -> Entry? {
        all.first { $0.name == name }
    }
}

extension BridgeConfig.Source {
    /// `secrets` as the adapters take them.
    fileprivate var secretValues: [Secret] { secrets.map { Secret($0) } }
}
