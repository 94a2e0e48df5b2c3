import Webhooks

extension SourceRegistry {
    /// One source: its name, its `[sources.<name>]` keys, and how its
    /// adapter is built from the table the loader validated.
    public struct Entry: Sendable {
        /// The source's name: `[sources.<name>]`, `POST /hooks/<name>` and a rule's `source`.
        public let name: String
        /// The key of its list of secrets or tokens (`secrets`, `tokens`, `signing_secrets`).
        public let secretsKey: String
        /// The source's other keys (`signing_keys`, `allow_unsigned`).
        public let extraKeys: [String]
        private let build: @Sendable (BridgeConfig.Source) throws(WebhookConfigurationError) -> any WebhookSource

        init(
            name: String, secretsKey: String, extraKeys: [String] = [],
            build: @escaping @Sendable (BridgeConfig.Source) throws(WebhookConfigurationError) -> any WebhookSource
        ) {
            self.name = name
            self.secretsKey = secretsKey
            self.extraKeys = extraKeys
            self.build = build
        }

        /// `enabled`, the secrets key, then the extra keys.
        public var keys: [String] { ["enabled", secretsKey] + extraKeys }

        /// The adapter checking requests against `settings`. The loader
        /// calls it for every enabled source, so a table it cannot build
        /// from is a load error (`ConfigLoader.Loaded.sources` holds the result).
        public func adapter(_ settings: BridgeConfig.Source) throws(WebhookConfigurationError) -> any WebhookSource {
            try build(settings)
        }

        /// An adapter for `dry-run` and `test`, which have a payload but no
        /// secret: only its `decode` may be called (it reads the request, no
        /// configuration), so the placeholder secret is never compared with anything.
        public func unverifiedAdapter() throws(WebhookConfigurationError) -> any WebhookSource {
            var placeholder = BridgeConfig.Source()
            placeholder.secrets = ["unverified"]
            return try build(placeholder)
        }
    }
}
