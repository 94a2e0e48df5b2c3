/// Every key the config file accepts, table by table: the one list the
/// loader checks each table against (any other key is an error) and the one
/// docs/OPERATIONS.md's configuration table documents (a test compares them).
/// The `[sources.<name>]` tables come from `SourceRegistry`.
public enum ConfigSchema {
    /// The keys of the top level that are not tables.
    public static let topLevelKeys = ["mappings"]

    /// The sections and their keys, in the order the docs list them.
    public static let sections: [(name: String, keys: [String])] = [
        ("server", [
            "listen", "max_body_bytes", "shutdown_timeout", "head_timeout", "body_timeout", "max_receiving_connections",
        ]),
        ("store", ["backend", "path", "durability", "reserve_bytes", "url", "url_file", "schema", "lease"]),
        ("sniffer", ["base_url", "token", "token_file", "project", "web_url", "custom_fields"] + integrationKeyNames),
        ("snipeit", ["base_url", "token", "token_file", "timeout", "rate_limit", "burst"]),
        ("retry", ["max_attempts", "base_delay", "max_delay", "max_age"]),
        ("delivery", ["concurrency"]),
        ("tracing", ["otlp_endpoint", "service_name", "queue_limit", "batch_size", "flush_interval", "timeout"]),
    ]

    /// The sections that turn a feature on by being there (`[tracing]`,
    /// `[snipeit]`): absent, the feature is off. The example config shows
    /// them as comments.
    public static let optionalSections: Set<String> = ["tracing", "snipeit"]

    /// The sections that hold a `breaker` table (`[sniffer.breaker]`): one
    /// per delivery target, named as the target's section.
    public static let breakerTargets = ["sniffer", "snipeit"]

    /// The keys of each `[<target>.breaker]` table.
    public static let breakerKeys = ["enabled", "failures", "failure_ratio", "window", "min_calls", "cooldown", "max_cooldown"]

    /// The tables nested in the section `name` (`breaker` in `[sniffer]`),
    /// which that section accepts beside its keys.
    public static func subtables(of name: String) -> [String] {
        breakerTargets.contains(name) ? ["breaker"] : []
    }

    /// `[sniffer]`'s names for how an external key is recorded on a bug and looked up.
    public static let integrationKeyNames = [
        "integration_key_field", "integration_platform_field", "default_platform",
        "by_key_key_parameter", "by_key_platform_parameter", "by_key_project_parameter",
    ]

    /// Every source the bridge knows and its keys, in the order the docs
    /// list them (`SourceRegistry`).
    public static var sources: [SourceRegistry.Entry] { SourceRegistry.all }

    /// The keys of the file's top level: `mappings` and the tables.
    public static var topLevel: [String] { topLevelKeys + sections.map(\.name) + ["sources"] }

    /// What the section `name` (`server`, `sniffer`, ...) accepts: its
    /// keys, then the tables nested in it (`breaker`).
    public static func keys(of name: String) -> [String] {
        (sections.first { $0.name == name }?.keys ?? []) + subtables(of: name)
    }

    /// Every table and its keys, by the name the docs give it: `top level`,
    /// `[server]`, ..., `[sniffer.breaker]`, `[snipeit.breaker]`, `[sources.github]`, ...
    /// (`[sources]` itself holds only the source tables).
    public static var tables: [String: Set<String>] {
        var tables = ["top level": Set(topLevelKeys)]
        for section in sections { tables["[\(section.name)]"] = Set(section.keys) }
        for target in breakerTargets { tables["[\(target).breaker]"] = Set(breakerKeys) }
        for source in sources { tables["[sources.\(source.name)]"] = Set(source.keys) }
        return tables
    }
}
