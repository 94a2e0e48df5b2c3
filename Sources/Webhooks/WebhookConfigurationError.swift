import Telemetry
/// A source configuration that cannot work, e.g. an empty secret list for a
/// source that requires one. Found when the configuration is built, so `check`
/// reports it before the gateway serves anything. Messages never contain a
/// secret's value, only its position in the list.
public struct WebhookConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The source's name (`github`, `slack`, ...).
    public let source: String
    /// What is wrong, naming the configuration key.
    public let message: String

    public init(source: String, message: String) {
        self.source = source
        self.message = message
    }

    public var description: String { "sources.\(source): \(message)" }

    /// Throws when `secrets` is empty or holds an empty string.
    static func requireSecrets(_ secrets: [Secret], key: String, source: String) throws(WebhookConfigurationError) {
        guard !secrets.isEmpty else {
            throw WebhookConfigurationError(source: source, message: "'\(key)' is empty: at least one is required")
        }
        try rejectEmpty(secrets, key: key, source: source)
    }

    /// Throws when one of `secrets` is the empty string.
    static func rejectEmpty(_ secrets: [Secret], key: String, source: String) throws(WebhookConfigurationError) {
        if let position = secrets.firstIndex(where: \.isEmpty) {
            throw WebhookConfigurationError(
                source: source, message: "'\(key)' entry \(position + 1) is an empty string")
        }
    }
}
