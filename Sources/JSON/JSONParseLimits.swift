/// Limits a parse enforces, so hostile input costs bounded memory and time.
///
/// A webhook body is untrusted: the size limit bounds the work, the depth
/// limit bounds the nesting a caller must later walk.
public struct JSONParseLimits: Sendable, Equatable {
    /// The deepest nesting of arrays and objects accepted; the document's
    /// outermost container is depth 1. The parser itself does not recurse, but
    /// equality, hashing, serialization and releasing a value do, one stack
    /// frame per level: keep this in the hundreds.
    public var maxDepth = 512
    /// The largest document accepted, in bytes.
    public var maxBytes = 16 * 1024 * 1024
    /// What a `\u` escape of half a UTF-16 surrogate pair, without its other
    /// half, becomes (RFC 8259 leaves it to the parser).
    public var loneSurrogates = LoneSurrogates.reject

    /// Limits with the given values; the defaults are 512 levels, 16 MiB and
    /// lone surrogates refused.
    public init(maxDepth: Int = 512, maxBytes: Int = 16 * 1024 * 1024, loneSurrogates: LoneSurrogates = .reject) {
        self.maxDepth = maxDepth
        self.maxBytes = maxBytes
        self.loneSurrogates = loneSurrogates
    }

    /// The choice for `"\ud800"`, `"\udc00"` and a high surrogate followed by anything but a low one.
    public enum LoneSurrogates: Sendable, Equatable {
        /// An error (`loneSurrogate`): for config, API answers, anything we write ourselves.
        case reject
        /// U+FFFD, the replacement character, where the string is decoded: for
        /// bodies from senders that produce them (JavaScript strings cut in
        /// the middle of a pair). The document's bytes are left as they are.
        case replace
    }

    /// The limits webhook bodies are parsed with: the defaults, with lone surrogates read as U+FFFD.
    public static let webhookBody = JSONParseLimits(loneSurrogates: .replace)
}
