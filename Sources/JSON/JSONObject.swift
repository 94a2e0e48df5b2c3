/// A JSON object: string keys to values, in insertion order.
///
/// Webhook payloads are read far more than they are written, and most objects
/// are small, so members live in one array; a key index is built only for
/// objects large enough that a linear scan would cost more than the index.
/// Assigning an existing key replaces its value in place (the key keeps its
/// position); this is also how a duplicate key in a parsed document resolves
/// (the last value wins).
///
/// An object from `JSON(parsingLazily:)` may not be built yet: it holds its
/// validated bytes and builds its members on first read (see `LazyObject`).
/// Every read goes through the built members, so a lazy object is equal to,
/// hashes like, and serializes like the object an eager parse gives.
public struct JSONObject: Sendable {
    public typealias Member = (key: String, value: JSON)

    /// The members, unless `backing` is `.lazy` (then empty: `LazyObject.object` holds them).
    private var storedMembers: [Member] = []
    /// The key index of a large object, or the bytes of one not built yet.
    /// One optional reference keeps `JSONObject`, and so `JSON`, two words.
    private var backing: Backing? = nil

    private enum Backing: Sendable {
        case index([String: Int])
        case lazy(LazyObject)
    }

    /// Objects with more members than this get a key index.
    ///
    /// Most keys are at most 15 UTF-8 bytes, which Swift stores inline, so
    /// comparing two of them is a two-word compare: a linear scan of up to 32
    /// keys (and the quadratic duplicate check while parsing) costs less than
    /// hashing every key with the seeded SipHash a `Dictionary` uses.
    /// Measured on a 21 KB GitHub webhook with objects of 20-90 keys (see
    /// bench/JSONBench/README.md).
    private static let indexThreshold = 32

    public init() {}

    public init(_ members: some Sequence<(String, JSON)>) {
        for (key, value) in members { self[key] = value }
    }

    /// An object whose members are built from `lazy` on first read.
    init(lazy: LazyObject) {
        backing = .lazy(lazy)
    }

    public var members: [Member] {
        if case .lazy(let lazy) = backing { return lazy.object.storedMembers }
        return storedMembers
    }
    public var count: Int { members.count }
    public var isEmpty: Bool { members.isEmpty }
    public var keys: [String] { members.map(\.key) }
    public var values: [JSON] { members.map(\.value) }

    /// False for an object of a lazy parse until something needs all its members.
    package var hasBuiltMembers: Bool {
        if case .lazy(let lazy) = backing { return lazy.isBuilt }
        return true
    }

    /// False for an object of a lazy parse that nothing has read yet.
    package var hasReadMembers: Bool {
        if case .lazy(let lazy) = backing { return lazy.isIndexed }
        return true
    }

    /// Where `key` is in `storedMembers`; only for a built object.
    private func position(of key: String) -> Int? {
        if case .index(let index) = backing { return index[key] }
        return storedMembers.firstIndex { $0.key == key }
    }

    public subscript(key: String) -> JSON? {
        get {
            if case .lazy(let lazy) = backing { return lazy[key] }
            return position(of: key).map { storedMembers[$0].value }
        }
        set {
            if case .lazy(let lazy) = backing { self = lazy.object }
            if let at = position(of: key) {
                if let newValue {
                    storedMembers[at].value = newValue
                } else {
                    storedMembers.remove(at: at)
                    rebuildIndex()
                }
            } else if let newValue {
                storedMembers.append((key, newValue))
                if case .index(var index) = backing {
                    backing = nil  // keeps the dictionary uniquely referenced while it grows
                    index[key] = storedMembers.count - 1
                    backing = .index(index)
                } else if storedMembers.count > Self.indexThreshold {
                    rebuildIndex()
                }
            }
        }
    }

    private mutating func rebuildIndex() {
        guard storedMembers.count > Self.indexThreshold else {
            backing = nil
            return
        }
        var built = [String: Int](minimumCapacity: storedMembers.count)
        for (offset, member) in storedMembers.enumerated() { built[member.key] = offset }
        backing = .index(built)
    }
}

extension JSONObject: Sequence {
    public func makeIterator() -> IndexingIterator<[Member]> { members.makeIterator() }
}

extension JSONObject: Hashable {
    /// Objects are equal when they hold the same keys with equal values, in any order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for (key, value) in lhs.members {
            guard let other = rhs[key], other == value else { return false }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        // Order-independent: combine member hashes commutatively.
        var combined = 0
        for (key, value) in members {
            var member = Hasher()
            member.combine(key)
            member.combine(value)
            combined ^= member.finalize()
        }
        hasher.combine(count)
        hasher.combine(combined)
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, JSON)...) {
        self.init(elements)
    }
}

extension JSONObject {
    /// Builds an object from a parsed object's keys and values, in document
    /// order. A repeated key resolves as assignment does: the first position,
    /// the last value.
    package init(parsedKeys keys: ArraySlice<String>, values: ArraySlice<JSON>) {
        var members: [Member] = []
        members.reserveCapacity(keys.count)
        defer { storedMembers = members }
        if keys.count <= Self.indexThreshold {
            var valueIndex = values.startIndex
            nextMember: for key in keys {
                let value = values[valueIndex]
                valueIndex += 1
                for at in members.indices where members[at].key == key {
                    members[at].value = value
                    continue nextMember
                }
                members.append((key, value))
            }
            return
        }
        var built = [String: Int](minimumCapacity: keys.count)
        var valueIndex = values.startIndex
        for key in keys {
            let value = values[valueIndex]
            valueIndex += 1
            // One hash per key: insert, and undo in the rare duplicate case.
            if let at = built.updateValue(members.count, forKey: key) {
                built[key] = at
                members[at].value = value
            } else {
                members.append((key, value))
            }
        }
        backing = members.count > Self.indexThreshold ? .index(built) : nil
    }
}
