import Synchronization

/// Defence in depth behind `Secret`: replaces every configured secret string
/// that appears in a log message or metadata value with `***`, so a secret
/// that slipped into a plain string (an error text echoing a header, say)
/// still never reaches the log.
///
/// The secret list can be replaced at run time (config reload) from any thread.
public final class SecretScrubber: Sendable {
    private let secrets: Mutex<[String]>

    /// Scrubs `secrets`; empty strings are ignored.
    public init(secrets: [String] = []) {
        self.secrets = Mutex(SecretScrubber.prepare(secrets))
    }

    /// Replaces the secret list, e.g. after a config reload.
    public func replaceSecrets(_ newSecrets: [String]) {
        let prepared = SecretScrubber.prepare(newSecrets)
        secrets.withLock { $0 = prepared }
    }

    /// How many distinct non-empty secrets are scrubbed.
    public var count: Int { secrets.withLock { $0.count } }

    /// `text` with every secret replaced by `***`.
    public func scrub(_ text: String) -> String {
        let current = secrets.withLock { $0 }
        var result = text
        for secret in current where result.contains(secret) {
            result = result.replacing(secret, with: Secret.redacted)
        }
        return result
    }

    /// `record` with its message and every metadata value scrubbed.
    public func scrub(_ record: LogRecord) -> LogRecord {
        var copy = record
        copy.message = scrub(record.message)
        for (key, value) in record.metadata {
            if case .string(let text) = value {
                let clean = scrub(text)
                if clean != text { copy.metadata[key] = .string(clean) }
            }
        }
        return copy
    }

    /// Longest first, so a secret that contains another is replaced whole.
    private static func prepare(_ secrets: [String]) -> [String] {
        Array(Set(secrets.filter { !$0.isEmpty })).sorted { $0.utf8.count != $1.utf8.count ? $0.utf8.count > $1.utf8.count : $0 < $1 }
    }
}
