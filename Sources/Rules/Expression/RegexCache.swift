import Synchronization

/// Regexes built from run-time patterns (`matches(x, payload.pattern)`),
/// compiled once per distinct pattern. Literal patterns never come here: the
/// checker compiles them at load time. Bounded so hostile payloads cannot
/// grow it without limit.
final class RegexCache: Sendable {
    static let shared = RegexCache()
    static let capacity = 256

    private let entries = Mutex<[String: CompiledRegex]>([:])

    /// The compiled regex, or `nil` if the pattern is invalid.
    func regex(_ pattern: String) -> CompiledRegex? {
        if let hit = entries.withLock({ $0[pattern] }) { return hit }
        guard let compiled = try? CompiledRegex(pattern) else { return nil }
        entries.withLock { cache in
            if cache.count >= Self.capacity { cache.removeAll(keepingCapacity: true) }
            cache[pattern] = compiled
        }
        return compiled
    }
}
