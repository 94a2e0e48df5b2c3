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
        SecretScrubber.scrub(text, secrets: secrets.withLock { $0 })
    }

    /// Works on UTF-8 bytes, not `Character`s: a secret next to a combining
    /// mark or inside an emoji sequence is still found.
    private static func scrub(_ text: String, secrets: [String]) -> String {
        var bytes = Array(text.utf8)
        var changed = false
        for secret in secrets {
            let needle = Array(secret.utf8)
            guard bytes.count >= needle.count, let first = needle.first else { continue }
            var out: [UInt8] = []
            var index = 0
            var found = false
            while index < bytes.count {
                if bytes[index] == first, index + needle.count <= bytes.count,
                    bytes[index..<(index + needle.count)].elementsEqual(needle)
                {
                    if !found {
                        out.reserveCapacity(bytes.count)
                        out.append(contentsOf: bytes[0..<index])
                        found = true
                    }
                    out.append(contentsOf: Secret.redacted.utf8)
                    index += needle.count
                } else {
                    if found { out.append(bytes[index]) }
                    index += 1
                }
            }
            if found {
                bytes = out
                changed = true
            }
        }
        return changed ? String(decoding: bytes, as: UTF8.self) : text
    }

    /// `record` with its message, metadata keys and metadata string values scrubbed.
    public func scrub(_ record: LogRecord) -> LogRecord {
        let current = secrets.withLock { $0 }
        guard !current.isEmpty else { return record }
        func scrub(_ text: String) -> String { SecretScrubber.scrub(text, secrets: current) }
        var copy = record
        copy.message = scrub(record.message)
        var metadata: LogMetadata = [:]
        metadata.reserveCapacity(record.metadata.count)
        for (key, value) in record.metadata {
            if case .string(let text) = value {
                metadata[scrub(key)] = .string(scrub(text))
            } else {
                metadata[scrub(key)] = value
            }
        }
        copy.metadata = metadata
        return copy
    }

    /// Longest first, so a secret that contains another is replaced whole.
    private static func prepare(_ secrets: [String]) -> [String] {
        Array(Set(secrets.filter { !$0.isEmpty })).sorted { $0.utf8.count != $1.utf8.count ? $0.utf8.count > $1.utf8.count : $0 < $1 }
    }
}
