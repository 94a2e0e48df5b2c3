import Synchronization

/// A nested object of a document parsed with `JSON(parsingLazily:)`: its
/// bytes, already validated, and what has been read of it.
///
/// A webhook rule reads a handful of a payload's fields, yet building every
/// object of a 21 KB GitHub payload (hundreds of strings and member arrays)
/// and freeing it again was the largest cost of the ingest. A lazy object
/// costs one allocation until it is read. Reading one member indexes where
/// every member's bytes are (`LazyMemberIndex`) and parses that member's
/// value only, its nested objects lazy in turn; anything that needs every
/// member (iterating, comparing, serializing, assigning) builds the object
/// once instead.
final class LazyObject: Sendable {
    private struct State {
        /// Every member, once something needed them all.
        var built: JSONObject?
        /// Where the members are, once one was read.
        var index: LazyMemberIndex?
        /// The values read so far, by their position in `index`.
        var values: [Int: JSON] = [:]
    }

    /// The whole document; `range` is this object's `{...}` in it.
    private let document: [UInt8]
    private let range: Range<Int>
    private let state = Mutex(State())

    init(document: [UInt8], range: Range<Int>) {
        self.document = document
        self.range = range
    }

    /// The members, built on the first call (under the lock, so once).
    var object: JSONObject {
        state.withLock { state in
            if let built = state.built { return built }
            let built = build(range)?.objectValue ?? JSONObject()
            state.built = built
            state.values = [:]
            return built
        }
    }

    /// The value of `key` (the last one, for a duplicate key), parsed on first read.
    subscript(key: String) -> JSON? {
        state.withLock { state in
            if let built = state.built { return built[key] }
            let document = self.document
            let range = self.range
            let index = state.index ?? document.withUnsafeBufferPointer { LazyMemberIndex($0, range: range) }
            state.index = index
            guard let position = document.withUnsafeBufferPointer({ index.lastEntry(named: key, in: $0) }) else {
                return nil
            }
            if let value = state.values[position] { return value }
            let valueRange = index.entries[position].value
            let value: JSON?
            if document[valueRange.lowerBound] == 0x7B {  // {: lazy in turn
                value = .object(JSONObject(lazy: LazyObject(document: document, range: valueRange)))
            } else {
                value = build(valueRange)
            }
            state.values[position] = value
            return value
        }
    }

    /// Whether something has read all the members yet (for tests of the laziness).
    var isBuilt: Bool { state.withLock { $0.built != nil } }

    /// Whether something has read at least one member (for tests of the laziness).
    var isIndexed: Bool { state.withLock { $0.built != nil || $0.index != nil } }

    /// `document[range]` parsed, its nested objects lazy. The bytes passed the
    /// whole document's validation, so this cannot fail; were it to, `nil` (an
    /// absent member, or an empty object) is the memory-safe answer. Lone
    /// surrogates are read as U+FFFD: a document parsed strictly has none left.
    private func build(_ range: Range<Int>) -> JSON? {
        try? JSONParser.parseLazily(
            document, range: range, limits: JSONParseLimits(maxDepth: .max, loneSurrogates: .replace))
    }
}
