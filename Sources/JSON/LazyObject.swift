import Synchronization

/// A nested object of a document parsed with `JSON(parsingLazily:)`: its
/// bytes, already validated, and its members once something reads them.
///
/// A webhook rule reads a handful of a payload's fields, yet building every
/// object of a 21 KB GitHub payload (hundreds of strings and member arrays)
/// and freeing it again was the largest cost of the ingest. A lazy object
/// costs one allocation until it is read; then it is built once, with its own
/// nested objects lazy in turn, so only the path that is read gets built.
final class LazyObject: Sendable {
    /// The whole document; `range` is this object's `{...}` in it.
    private let document: [UInt8]
    private let range: Range<Int>
    private let cache = Mutex<JSONObject?>(nil)

    init(document: [UInt8], range: Range<Int>) {
        self.document = document
        self.range = range
    }

    /// The members, built on the first call (under the lock, so once).
    var object: JSONObject {
        cache.withLock { cached in
            if let cached { return cached }
            let built = build()
            cached = built
            return built
        }
    }

    /// Whether something has read the members yet (for tests of the laziness).
    var isBuilt: Bool { cache.withLock { $0 != nil } }

    private func build() -> JSONObject {
        // The bytes passed the whole document's validation, so this parse
        // cannot fail; were it to, an empty object is the memory-safe answer.
        let value = try? JSONParser.parseLazily(document, range: range, limits: JSONParseLimits(maxDepth: .max))
        return value?.objectValue ?? JSONObject()
    }
}
