/// A JSON object: string keys to values, in insertion order.
///
/// Webhook payloads are read far more than they are written, and most objects
/// are small, so members live in one array; a key index is built only for
/// objects large enough that a linear scan would cost more than the index.
/// Assigning an existing key replaces its value in place (the key keeps its
/// position); this is also how a duplicate key in a parsed document resolves
/// (the last value wins).
public struct JSONObject: Sendable {
    public typealias Member = (key: String, value: JSON)

    public private(set) var members: [Member] = []
    private var index: [String: Int]? = nil

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

    public var count: Int { members.count }
    public var isEmpty: Bool { members.isEmpty }
    public var keys: [String] { members.map(\.key) }
    public var values: [JSON] { members.map(\.value) }

    private func position(of key: String) -> Int? {
        if let index { return index[key] }
        return members.firstIndex { $0.key == key }
    }

    public subscript(key: String) -> JSON? {
        get { position(of: key).map { members[$0].value } }
        set {
            if let at = position(of: key) {
                if let newValue {
                    members[at].value = newValue
                } else {
                    members.remove(at: at)
                    rebuildIndex()
                }
            } else if let newValue {
                members.append((key, newValue))
                if index != nil {
                    index?[key] = members.count - 1
                } else if members.count > Self.indexThreshold {
                    rebuildIndex()
                }
            }
        }
    }

    /// Appends a member without checking for an existing key. For builders
    /// (such as the parser) that have already ruled duplicates out.
    package mutating func appendUnchecked(_ key: String, _ value: JSON) {
        members.append((key, value))
        if index != nil { index?[key] = members.count - 1 }
    }

    private mutating func rebuildIndex() {
        guard members.count > Self.indexThreshold else {
            index = nil
            return
        }
        var built = [String: Int](minimumCapacity: members.count)
        for (offset, member) in members.enumerated() { built[member.key] = offset }
        index = built
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
        members.reserveCapacity(keys.count)
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
        index = members.count > Self.indexThreshold ? built : nil
    }
}
