import Synchronization

/// Defence in depth behind `Secret`: replaces every configured secret string
/// that appears in a log message or metadata value with `***`, so a secret
/// that slipped into a plain string (an error text echoing a header, say)
/// still never reaches the log.
///
/// The secret list can be replaced at run time (config reload) from any thread.
public final class SecretScrubber: Sendable {
    /// The secrets' UTF-8 bytes, longest first (see `prepare`).
    private let secrets: Mutex<[[UInt8]]>

    /// Scrubs `secrets`; empty strings are ignored.
    public init(secrets: [String] = []) {
        self.secrets = Mutex(SecretScrubber.prepare(secrets))
    }

    /// Replaces the secret list, e.g. after a config reload.
    public func replaceSecrets(_ newSecrets: [String]) {
        let prepared = SecretScrubber.prepare(newSecrets)
        secrets.withLock { $0 = prepared }
    }

    /// Secrets shorter than this are easy to guess, and they garble the log:
    /// every occurrence of their text is masked, inside words too (a token
    /// `t` turns "Gateway listening" into "Ga***eway lis***ening").
    public static let minimumLength = 12

    /// How many distinct non-empty `secrets` are shorter than `minimumLength`.
    public static func shortCount(_ secrets: [String]) -> Int {
        Set(secrets).filter { !$0.isEmpty && $0.count < minimumLength }.count
    }

    /// How many distinct non-empty secrets are scrubbed.
    public var count: Int { secrets.withLock { $0.count } }

    /// `text` with every secret replaced by `***`.
    public func scrub(_ text: String) -> String {
        SecretScrubber.scrub(text, secrets: secrets.withLock { $0 })
    }

    /// Works on UTF-8 bytes, not `Character`s: a secret next to a combining
    /// mark or inside an emoji sequence is still found.
    ///
    /// Every log line passes here (message, keys and values), and almost none
    /// holds a secret: that answer is found on the string's own bytes,
    /// without copying them.
    private static func scrub(_ text: String, secrets: [[UInt8]]) -> String {
        guard !secrets.isEmpty else { return text }
        var text = text
        let holdsASecret = text.withUTF8 { bytes in secrets.contains { contains($0, in: bytes) } }
        guard holdsASecret else { return text }
        var bytes = Array(text.utf8)
        var changed = false
        for needle in secrets {
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

    /// Whether `needle` (not empty) occurs in `haystack`.
    private static func contains(_ needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return false }
        var index = 0
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first {
                var matched = 1
                while matched < needle.count, haystack[index + matched] == needle[matched] { matched += 1 }
                if matched == needle.count { return true }
            }
            index += 1
        }
        return false
    }

    /// Longest first, so a secret that contains another is replaced whole.
    private static func prepare(_ secrets: [String]) -> [[UInt8]] {
        Array(Set(secrets.filter { !$0.isEmpty }))
            .sorted { $0.utf8.count != $1.utf8.count ? $0.utf8.count > $1.utf8.count : $0 < $1 }
            .map { Array($0.utf8) }
    }
}
