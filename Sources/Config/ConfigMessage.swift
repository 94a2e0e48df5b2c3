/// Every message text the config loader and the mapping test runner print
/// that the mapping compiler never does, in one place (the shared ones are
/// Rules' `DiagnosticMessage`).
enum ConfigMessage {
    // MARK: Files
    static func cannotRead(_ path: String, _ reason: String) -> String { "cannot read \(path): \(reason)" }
    static func noFilesMatch(_ pattern: String) -> String { "no mapping file matches '\(pattern)'" }
    static let noMappings = "the config names no mapping files ('mappings' is empty)"

    // MARK: [sniffer]
    static func emptyName(_ key: String) -> String { "'\(key)' must not be empty" }
    static func sameName(_ key: String, as other: String, _ value: String) -> String {
        "'\(key)' must differ from '\(other)' (both are \"\(value)\")"
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
