/// A TOML table: keys in document order, each with its value node and the
/// position where the key was written.
///
/// Iterating yields `(key, node)` pairs in document order.
public struct TOMLTable: Sendable, Equatable, Sequence {
    /// One key of the table.
    struct Entry: Sendable, Equatable {
        var node: TOMLNode
        var keyPosition: TOMLPosition
    }

    /// The keys in the order they were first defined in the document.
    public private(set) var keys: [String] = []
    private var entries: [String: Entry] = [:]

    /// An empty table.
    public init() {}

    /// The number of keys.
    public var count: Int { keys.count }

    /// Whether the table has no keys.
    public var isEmpty: Bool { keys.isEmpty }

    /// The node for `key`, or nil when the table has no such key.
    public subscript(key: String) -> TOMLNode? {
        entries[key]?.node
    }

    /// Where `key` was defined: the first character of the key as written
    /// (for a dotted key `a.b.c = 1`, the segment naming this table's key;
    /// for a table header `[a.b]`, the segment in the header that defined
    /// it). Nil when the table has no such key.
    public func keyPosition(_ key: String) -> TOMLPosition? {
        entries[key]?.keyPosition
    }

    /// Adds `key` or replaces its node, keeping the original order.
    /// Decoding never replaces; this is for building tables by hand (tests, defaults).
    public mutating func set(_ key: String, _ node: TOMLNode, keyPosition: TOMLPosition? = nil) {
        if entries[key] == nil { keys.append(key) }
        entries[key] = Entry(node: node, keyPosition: keyPosition ?? node.position)
    }

    /// Iterates `(key, node)` pairs in document order.
    public struct Iterator: IteratorProtocol {
        private let table: TOMLTable
        private var index = 0

        init(table: TOMLTable) { self.table = table }

        /// The next `(key, node)` pair, or nil after the last key.
        public mutating func next() -> (key: String, node: TOMLNode)? {
            while index < table.keys.count {
                let key = table.keys[index]
                index += 1
                if let entry = table.entries[key] { return (key: key, node: entry.node) }
            }
            return nil
        }
    }

    /// The `(key, node)` pairs in document order.
    public func makeIterator() -> Iterator { Iterator(table: self) }

    /// Same keys in the same order, with equal nodes and key positions.
    public static func == (lhs: TOMLTable, rhs: TOMLTable) -> Bool {
        lhs.keys == rhs.keys && lhs.entries == rhs.entries
    }
}
