extension BridgeConfig {
    /// `[admin]`: who may use the admin API under `/admin` (docs/OPERATIONS.md,
    /// "Admin API"). With no token the API is off and every `/admin` path is 404.
    public struct Admin: Sendable, Equatable {
        /// `tokens`: each with a unique name, a non-empty value and a scope.
        public var tokens: [Token] = []
        public init() {}

        /// Whether the API answers at all.
        public var isEnabled: Bool { !tokens.isEmpty }
    }

    /// What a token may do.
    public enum AdminScope: String, Sendable, Equatable, CaseIterable {
        /// Every `GET`: events, deliveries, sources, targets.
        case read
        /// `read`, and the writes: retry, drop, replay.
        case operate
    }

    /// One `[[admin.tokens]]` entry.
    public struct Token: Sendable, Equatable {
        /// `name`: what the logs show for the token's writes (never its value).
        public var name: String
        /// `token`, or what `token_file` holds (trimmed). Never print it.
        public var value: String
        /// `token_file` as written, when the value came from it.
        public var file: String?
        public var scope: AdminScope

        public init(name: String, value: String, file: String? = nil, scope: AdminScope) {
            self.name = name
            self.value = value
            self.file = file
            self.scope = scope
        }
    }
}
