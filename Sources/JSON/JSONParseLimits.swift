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

    /// Limits with the given values; the defaults are 512 levels and 16 MiB.
    public init(maxDepth: Int = 512, maxBytes: Int = 16 * 1024 * 1024) {
        self.maxDepth = maxDepth
        self.maxBytes = maxBytes
    }
}
