import Foundation

/// The bridge's config file (DESIGN.md, "The config file") as a plain value:
/// loaded and validated by `ConfigLoader`, used by the Bridge and by
/// `check`/`dry-run`. A loaded one holds only values `serve` can use: secrets
/// are `${ENV}`-resolved, the Sniffer token is read (from `token_file` too),
/// the listen address is parsed, durations are milliseconds.
public struct BridgeConfig: Sendable, Equatable {
    /// The config file's own path.
    public var path: String
    /// Globs of mapping files, relative to the config file's folder.
    public var mappings: [String]
    /// `[server]`: the HTTP listener.
    public var server = Server()
    /// `[store]`: where and how events are kept.
    public var store = Store()
    /// `[sniffer]`: the Sniffer API the actions go to.
    public var sniffer = Sniffer()
    /// `[snipeit]`: the Snipe-IT instance the asset actions go to; `nil`
    /// without the table (then no mapping may use a Snipe-IT action).
    public var snipeIT: SnipeIT?
    /// `[retry]`: the delivery retry policy.
    public var retry = Retry()
    /// `[delivery]`: how many actions are delivered in parallel.
    public var delivery = Delivery()
    /// Configured sources by name (github, gitlab, ...). A source not listed is disabled.
    public var sources: [String: Source] = [:]
    /// `[tracing]`: the OTLP span exporter; `nil` exports nothing.
    public var tracing: Tracing?
    /// `[<target>.breaker]` by target (`sniffer`): when deliveries to it are
    /// held for a while. Every target of `ConfigSchema.breakerTargets` has one.
    public var breakers: [String: Breaker] = Dictionary(
        uniqueKeysWithValues: ConfigSchema.breakerTargets.map { ($0, Breaker()) })

    /// A config with every section at its default.
    public init(path: String, mappings: [String]) {
        self.path = path
        self.mappings = mappings
    }

    /// `[server]`: `listen` address, the largest webhook body accepted, and
    /// how long a stop (SIGTERM) waits for deliveries in flight.
    public struct Server: Sendable, Equatable {
        public var listen = ListenAddress(host: "0.0.0.0", port: 8080)
        /// At least 1.
        public var maxBodyBytes = 1_048_576
        /// `shutdown_timeout`: how long SIGTERM/SIGINT lets running deliveries finish.
        public var shutdownTimeoutMilliseconds: Int64 = 10_000
        /// `head_timeout`: from a request's first byte to the end of its head; more than 0.
        public var headTimeoutMilliseconds: Int64 = 10_000
        /// `body_timeout`: from the end of a head to the end of its body; more than 0.
        public var bodyTimeoutMilliseconds: Int64 = 30_000
        /// `max_receiving_connections`: connections sending a request at once; at least 1.
        public var maxReceivingConnections = 1_000
        public init() {}
    }

    public enum Durability: String, Sendable, Equatable, CaseIterable {
        /// fsync every commit group: a 2xx survives power loss.
        case fsync
        /// Leave flushing to the OS: faster, survives a process crash only.
        case os
    }

    /// `[store] backend`: where events and the outbox live.
    public enum StoreBackend: String, Sendable, CaseIterable {
        /// One SQLite file in the data directory (`path`): nothing to run.
        case sqlite
        /// A PostgreSQL database (`url`) that any number of replicas share.
        case postgres
    }

    /// `[store]`: the backend; for SQLite the data directory, its durability
    /// and its space reserve; for PostgreSQL the database, its schema and the
    /// claim lease.
    public struct Store: Sendable, Equatable {
        public var backend = StoreBackend.sqlite
        /// As written: relative to the config file's folder unless absolute (`BridgeConfig.dataDirectory`).
        public var path = "data"
        public var durability = Durability.fsync
        /// Disk space new webhooks may not use, kept for delivery outcomes; 0 turns the check off.
        public var reserveBytes = 32 << 20
        /// PostgreSQL: the connection URL, from `url` or what `url_file` holds.
        /// It may hold a password: never print it.
        public var url = ""
        /// `url_file` as written, when the URL came from it.
        public var urlFile: String?
        /// PostgreSQL: the schema the tables live in.
        public var schema = "sniffer_bridge"
        /// PostgreSQL: how long a claim holds an action before another replica may take it over.
        public var leaseMilliseconds: Int64 = 60_000
        public init() {}
    }

    /// `[sniffer]`: API base URL, token (or a file holding it), default
    /// project, and the integration-key names.
    public struct Sniffer: Sendable, Equatable {
        /// An `http://` or `https://` URL with a host.
        public var baseURL = "https://support.api.dev.snifferweb.com"
        /// The API token: `token`, or what `token_file` holds (surrounding
        /// whitespace trimmed); never empty in a loaded config.
        public var token = ""
        /// `token_file` as written, when the token came from it.
        public var tokenFile: String?
        /// Default project for actions that name none (`nil` when not set or empty).
        public var project: String?
        /// How an external key is recorded on a bug and looked up.
        public var integrationKey = IntegrationKey()
        /// `web_url`: the web app's bug page, with `{id}` and `{number}`; `nil`: replies print no link.
        public var webURL: String?
        /// `custom_fields`: where a mapping's own bug fields go.
        public var customFields = CustomFields.details
        public init() {}
    }

    /// `[snipeit]`: the instance, its token, and how hard the gateway may use it.
    public struct SnipeIT: Sendable, Equatable {
        /// An `http://` or `https://` URL with a host; the client adds `/api/v1`.
        public var baseURL = ""
        /// The personal access token: `token`, or what `token_file` holds;
        /// never empty in a config `serve` loaded.
        public var token = ""
        /// `token_file` as written, when the token came from it.
        public var tokenFile: String?
        /// `timeout`: each call's total time; `nil` uses the transport's.
        public var timeoutMilliseconds: Int64?
        /// `rate_limit`: calls a minute the gateway allows itself, shared by
        /// every delivery; under Snipe-IT's default of 120 per user.
        public var rateLimit = 110
        /// `burst`: calls that may go at once after a quiet spell.
        public var burst = 10
        public init() {}
    }

    /// `[sniffer] custom_fields`.
    public enum CustomFields: String, Sendable, Equatable, CaseIterable {
        /// A "Details" block at the end of the description: what any Sniffer accepts.
        case details
        /// Properties of their own in `POST /bug` and `PATCH /bug`, for a Sniffer that accepts them.
        case topLevel = "top_level"
    }

    /// `[sniffer]`'s integration-key names (docs/OPERATIONS.md, "Sniffer API
    /// conventions"); the defaults are the Sniffer client's.
    public struct IntegrationKey: Sendable, Equatable {
        /// `integration_key_field`: the bug field holding the external key.
        public var keyField = "integrationKey"
        /// `integration_platform_field`: the bug field holding the key's platform.
        public var platformField = "integrationPlatform"
        /// `default_platform`: the platform of a key whose rule names none.
        public var defaultPlatform = "SNIFFER_BRIDGE"
        /// `by_key_key_parameter`, `by_key_platform_parameter`,
        /// `by_key_project_parameter`: the query parameters of `GET /bugs/by-integration-key`.
        public var keyParameter = "key"
        public var platformParameter = "platform"
        public var projectParameter = "project"
        public init() {}
    }

    /// `[retry]`: attempts and backoff bounds, in milliseconds.
    public struct Retry: Sendable, Equatable {
        /// At least 1.
        public var maxAttempts = 12
        public var baseDelayMilliseconds: Int64 = 500
        public var maxDelayMilliseconds: Int64 = 300_000
        public var maxAgeMilliseconds: Int64 = 86_400_000
        public init() {}
    }

    /// `[delivery]`: the outbox workers.
    public struct Delivery: Sendable, Equatable {
        /// Actions delivered in parallel (different dedup keys; one key is always one at a time); at least 1.
        public var concurrency = 16
        public init() {}
    }

    /// `[<target>.breaker]`: the delivery target's circuit breaker
    /// (docs/OPERATIONS.md, "Circuit breakers").
    public struct Breaker: Sendable, Equatable {
        /// `false`: every delivery goes through, nothing is counted.
        public var enabled = true
        /// `failures`: consecutive failures that open it; at least 1.
        public var failures = 5
        /// `failure_ratio`: the share of failed calls within `window` that
        /// opens it, once `min_calls` calls were made there; in (0, 1].
        public var failureRatio = 0.5
        /// `window`; longer than 0.
        public var windowMilliseconds: Int64 = 60_000
        /// `min_calls`: at least 1.
        public var minCalls = 10
        /// `cooldown`: how long it stays open the first time; longer than 0, at most `max_cooldown`.
        public var cooldownMilliseconds: Int64 = 5_000
        /// `max_cooldown`: each failed probe doubles the cool-down, up to this.
        public var maxCooldownMilliseconds: Int64 = 60_000
        public init() {}
    }

    /// The breaker of the target `name` (`sniffer`), its defaults when it has none.
    public func breaker(of name: String) -> Breaker { breakers[name] ?? Breaker() }

    /// `[sources.NAME]`: whether the source is on, and its secrets.
    public struct Source: Sendable, Equatable {
        public var enabled = true
        /// The source's secrets or tokens (several allow rotation): `secrets`,
        /// `tokens` or `signing_secrets`, whichever the source uses.
        public var secrets: [String] = []
        /// GitLab's `signing_keys`: Standard Webhooks keys, `whsec_<base64>`.
        public var signingKeys: [String] = []
        /// Jira's `allow_unsigned`: with no `secrets`, accept unsigned requests.
        public var allowUnsigned = false
        public init() {}

        /// Every secret, token and key of the source (what the log scrubber hides).
        public var credentials: [String] { secrets + signingKeys }
    }

    /// `[store].path`, relative to the config file's folder like the mapping globs.
    public var dataDirectory: String {
        if store.path.hasPrefix("/") { return store.path }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return folder.isEmpty ? store.path : folder + "/" + store.path
    }
}
