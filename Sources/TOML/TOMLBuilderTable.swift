/// A table while the document is being decoded: still open to new keys,
/// remembering how it came to exist so the redefinition rules can be enforced.
/// Frozen into a `TOMLTable` at the end. Lives only inside one parse.
final class TOMLBuilderTable {
    /// How the table came to exist.
    enum Origin {
        /// Created as a parent of a header (`a` in `[a.b]`); may still be defined by `[a]`.
        case implicit
        /// Defined by its own `[header]`; never again.
        case header
        /// Created by a dotted key (`a` in `a.b = 1`); cannot be a `[header]`.
        case dotted
        /// An inline table `{ ... }`: closed once its `}` is read.
        case inline
    }

    /// What a key of the table holds.
    enum Slot {
        /// A finished value: scalar, array or inline table. Never extended.
        case value(TOMLNode)
        /// A table that may still gain keys.
        case table(TOMLBuilderTable)
        /// An array of tables (`[[x]]`); later headers extend its last element.
        case tableArray(TOMLBuilderTableArray)
    }

    var origin: Origin
    /// Byte offset of where the table starts (see `TOMLNode.position`).
    var offset: Int
    private(set) var order: [String] = []
    private(set) var slots: [String: Slot] = [:]
    private(set) var keyOffsets: [String: Int] = [:]

    init(origin: Origin, offset: Int) {
        self.origin = origin
        self.offset = offset
    }

    subscript(key: String) -> Slot? { slots[key] }

    func keyOffset(_ key: String) -> Int? { keyOffsets[key] }

    /// Sets `key`; the caller has checked the redefinition rules.
    func set(_ key: String, _ slot: Slot, keyOffset: Int) {
        if slots[key] == nil {
            order.append(key)
            keyOffsets[key] = keyOffset
        }
        slots[key] = slot
    }

    /// Moves the recorded key position (an implicit table later defined by its header).
    func moveKey(_ key: String, to keyOffset: Int) {
        keyOffsets[key] = keyOffset
    }

    /// The finished table, with byte offsets turned into positions.
    func freeze(_ source: TOMLSource) -> TOMLTable {
        var table = TOMLTable()
        for key in order {
            guard let slot = slots[key] else { continue }
            let keyPosition = source.position(keyOffsets[key] ?? offset)
            table.set(key, Self.node(for: slot, source), keyPosition: keyPosition)
        }
        return table
    }

    private static func node(for slot: Slot, _ source: TOMLSource) -> TOMLNode {
        switch slot {
        case .value(let node):
            return node
        case .table(let child):
            return TOMLNode(value: .table(child.freeze(source)), position: source.position(child.offset))
        case .tableArray(let array):
            let elements = array.elements.map { element in
                TOMLNode(value: .table(element.freeze(source)), position: source.position(element.offset))
            }
            return TOMLNode(value: .array(elements), position: source.position(array.offset))
        }
    }
}

/// An array of tables being built by `[[x]]` headers.
final class TOMLBuilderTableArray {
    /// Byte offset of the first `[[x]]` header.
    let offset: Int
    private(set) var elements: [TOMLBuilderTable] = []

    init(offset: Int) {
        self.offset = offset
    }

    func append(_ table: TOMLBuilderTable) {
        elements.append(table)
    }
}
