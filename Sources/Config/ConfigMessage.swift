/// Every message text the config loader and the mapping test runner print
/// that the mapping compiler never does, in one place (the shared ones are
/// Rules' `DiagnosticMessage`).
enum ConfigMessage {
    // MARK: Files
    static func cannotRead(_ path: String, _ reason: String) -> String { "cannot read \(path): \(reason)" }
    static func noFilesMatch(_ pattern: String) -> String { "no mapping file matches '\(pattern)'" }
    static let noMappings = "the config names no mapping files ('mappings' is empty)"

    // MARK: Values
    static func emptyName(_ key: String) -> String { "'\(key)' must not be empty" }
    static func tooSmall(_ key: String, minimum: Int64, found: Int64) -> String { "'\(key)' must be at least \(minimum), found \(found)" }
    static func zeroDuration(_ key: String) -> String { "'\(key)' must be longer than 0s" }

    // MARK: [<target>.breaker]
    static func notARatio(_ key: String, found: String) -> String {
        "'\(key)' must be greater than 0 and at most 1, found \(found)"
    }
    static func cooldownAboveMax(_ cooldown: Int64, _ maxCooldown: Int64) -> String {
        "'cooldown' (\(durationText(cooldown))) must not be longer than 'max_cooldown' (\(durationText(maxCooldown)))"
    }

    /// Milliseconds in the largest unit that divides them (`90s`, `2m`, `1500ms`), as a config file writes them.
    static func durationText(_ milliseconds: Int64) -> String {
        let units: [(String, Int64)] = [("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1_000)]
        for (unit, size) in units where milliseconds != 0 && milliseconds % size == 0 { return "\(milliseconds / size)\(unit)" }
        return "\(milliseconds)ms"
    }

    // MARK: [server]
    static func notHostPort(_ text: String) -> String {
        "'listen' must be HOST:PORT (e.g. \"0.0.0.0:8080\" or \"[::1]:8080\"), found \"\(text)\""
    }
    static func badPort(_ text: String) -> String { "'listen' needs a port in 0...65535 after its last ':', found \"\(text)\"" }

    // MARK: [sniffer]
    static func badWebURL(_ text: String) -> String {
        "'web_url' must be an http:// or https:// URL with a host, with {id} or {number} where the bug goes, found \"\(text)\""
    }
    static func unknownWebURLPlaceholder(_ placeholder: String) -> String {
        "'web_url' knows only the placeholders {id} and {number}, found \(placeholder)"
    }
    static func badBaseURL(_ text: String) -> String { badURL("base_url", text) }
    static func badURL(_ key: String, _ text: String) -> String {
        "'\(key)' must be an http:// or https:// URL with a host, found \"\(text)\""
    }
    static func emptyValue(_ key: String) -> String { "'\(key)' must not be empty" }
    static let needsStoreURL = "[store] backend = \"postgres\" needs 'url' or 'url_file' (the database's connection URL)"
    static func badStoreURL() -> String {
        "'url' must be a postgresql:// (or postgres://) URL or libpq key=value pairs"
    }
    static func storeKeyOfOtherBackend(_ key: String, _ backend: String) -> String {
        "'\(key)' is a setting of backend = \"\(backend)\"; this [store] is for the other backend"
    }
    static func badSchemaName(_ name: String) -> String {
        "'schema' must be 1 to 63 letters, digits or '_', starting with a letter or '_', found \"\(name)\""
    }
    static let needsToken = "[sniffer] needs 'token' or 'token_file' (the Sniffer API token)"
    static func bothGiven(_ key: String, _ fileKey: String) -> String { "'\(key)' and '\(fileKey)' are both set: give one of them" }
    static func cannotReadFile(_ fileKey: String, _ path: String, _ reason: String) -> String { "cannot read \(fileKey) \(path): \(reason)" }
    static func emptyFile(_ fileKey: String, _ path: String, noun: String) -> String { "\(fileKey) \(path) holds no \(noun) (it is empty)" }
    static func sameName(_ key: String, as other: String, _ value: String) -> String {
        "'\(key)' must differ from '\(other)' (both are \"\(value)\")"
    }

    // MARK: [snipeit]
    static let needsSnipeITToken = "[snipeit] needs 'token' or 'token_file' (a Snipe-IT personal access token)"
    static let needsSnipeITBaseURL = "[snipeit] needs 'base_url' (the Snipe-IT instance, e.g. \"https://assets.example.com\")"
    static func burstAboveRate(_ burst: Int, _ rate: Int) -> String {
        "'burst' (\(burst)) must not be larger than 'rate_limit' (\(rate) a minute)"
    }

    // MARK: [sources]
    static func emptySecret(_ key: String, entry: Int) -> String { "'\(key)' entry \(entry) is an empty string" }
    static func notSigningKey(_ key: String, entry: Int) -> String {
        "'\(key)' entry \(entry) is not a Standard Webhooks key (whsec_ followed by base64)"
    }
    static func needsSecrets(_ source: String, _ keys: [String]) -> String {
        "[sources.\(source)] needs at least one value in " + keys.map { "'\($0)'" }.joined(separator: " or ")
            + " (or enabled = false)"
    }
    static let jiraNeedsSecrets =
        "[sources.jira] needs at least one value in 'secrets', or allow_unsigned = true to accept unsigned requests (Connect and OAuth webhooks are unsigned)"
    static let jiraSecretsAndUnsigned =
        "allow_unsigned = true has no effect while 'secrets' is set: signed requests are required (remove one of the two)"
}
