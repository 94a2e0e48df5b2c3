/// The TOML 1.0 decoder: a cursor over the document's bytes that builds the
/// table tree while enforcing TOML's definition rules.
///
/// Split by concern: this file holds the cursor, the document loop and the
/// table rules; keys, strings, numbers and date-times, arrays and inline
/// tables live in `TOMLParser+*.swift`. Positions are kept as byte offsets
/// and turned into line:column only for nodes and errors.
struct TOMLParser {
    /// One segment of a dotted key, with where it was written.
    struct KeySegment {
        var name: String
        var offset: Int
    }

    let source: TOMLSource
    let bytes: [UInt8]
    let configuration: TOML.Configuration
    var index = 0
    let root = TOMLBuilderTable(origin: .header, offset: 0)
    /// The table that key/value lines go into: the root, or the last header's table.
    var current: TOMLBuilderTable
    /// Where each `[header]` table was defined, for "defined twice" messages.
    var headerOffsets: [ObjectIdentifier: Int] = [:]

    init(source: TOMLSource, configuration: TOML.Configuration) {
        self.source = source
        self.bytes = source.bytes
        self.configuration = configuration
        self.current = root
    }

    // MARK: - The document

    mutating func parseDocument() throws(TOMLError) -> TOMLTable {
        // A UTF-8 byte order mark is allowed at the very start only.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        while true {
            skipWhitespace()
            guard let byte = peek() else { break }
            switch byte {
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                try expectNewline(after: "")
            case UInt8(ascii: "#"):
                try skipComment()
            case UInt8(ascii: "["):
                let header = try parseHeader()
                try expectLineEnd(after: "table header \(header)")
            default:
                let key = try parseKeyValue(into: current, depth: 0)
                try expectLineEnd(after: "value of key \(Self.display(key))")
            }
        }
        return root.freeze(source)
    }

    /// `[a.b]` or `[[a.b]]`; returns the header as written, for messages.
    private mutating func parseHeader() throws(TOMLError) -> String {
        let start = index
        index += 1
        let isArray = peek() == UInt8(ascii: "[")
        if isArray { index += 1 }
        skipWhitespace()
        let key = try parseKey()
        skipWhitespace()
        let shown = isArray ? "[[\(Self.syntax(key))]]" : "[\(Self.syntax(key))]"
        guard peek() == UInt8(ascii: "]") else {
            throw error("expected '\(isArray ? "]]" : "]")' to close table header \(shown), found \(found())")
        }
        index += 1
        if isArray {
            guard peek() == UInt8(ascii: "]") else {
                throw error("expected ']]' to close table header \(shown), found \(found())")
            }
            index += 1
        }
        guard key.count <= configuration.maxDepth else {
            throw error("table header \(shown) nests deeper than \(configuration.maxDepth) levels", at: start)
        }
        current = try defineTable(key, isArray: isArray, headerOffset: start, shown: shown)
        return shown
    }

    /// Finds or creates the table a header names, applying TOML's rules:
    /// a table is defined by one header only, never after dotted keys or an
    /// inline table defined it, and `[[x]]` only extends arrays of tables.
    private mutating func defineTable(
        _ key: [KeySegment], isArray: Bool, headerOffset: Int, shown: String
    ) throws(TOMLError) -> TOMLBuilderTable {
        var table = root
        for segment in key.dropLast() {
            switch table[segment.name] {
            case nil:
                let child = TOMLBuilderTable(origin: .implicit, offset: headerOffset)
                table.set(segment.name, .table(child), keyOffset: segment.offset)
                table = child
            case .table(let child):
                table = child
            case .tableArray(let array):
                guard let last = array.elements.last else {
                    throw error("cannot define \(shown): \(quoted(segment.name)) is not a table", at: segment.offset)
                }
                table = last
            case .value(let node):
                throw error(
                    "cannot define \(shown): key \(quoted(segment.name)) is already \(describe(.value(node))) "
                        + "(defined at \(position(of: segment.name, in: table)))",
                    at: segment.offset)
            }
        }
        guard let last = key.last else { throw error("expected a key in table header", at: headerOffset) }
        let existing = table[last.name]
        if isArray {
            switch existing {
            case nil:
                let array = TOMLBuilderTableArray(offset: headerOffset)
                table.set(last.name, .tableArray(array), keyOffset: last.offset)
                return appendElement(to: array, headerOffset: headerOffset)
            case .tableArray(let array):
                return appendElement(to: array, headerOffset: headerOffset)
            case .table, .value:
                throw error(
                    "cannot define array of tables \(shown): key \(quoted(last.name)) is already "
                        + "\(describe(existing)) (defined at \(position(of: last.name, in: table)))",
                    at: headerOffset)
            }
        }
        switch existing {
        case nil:
            let child = TOMLBuilderTable(origin: .header, offset: headerOffset)
            table.set(last.name, .table(child), keyOffset: last.offset)
            headerOffsets[ObjectIdentifier(child)] = headerOffset
            return child
        case .table(let child) where child.origin == .implicit:
            child.origin = .header
            child.offset = headerOffset
            table.moveKey(last.name, to: last.offset)
            headerOffsets[ObjectIdentifier(child)] = headerOffset
            return child
        case .table(let child) where child.origin == .header:
            let first = source.position(headerOffsets[ObjectIdentifier(child)] ?? child.offset)
            throw error("table \(shown) defined twice (first at \(first))", at: headerOffset)
        default:
            throw error(
                "cannot define table \(shown): key \(quoted(last.name)) is already "
                    + "\(describe(existing)) (defined at \(position(of: last.name, in: table)))",
                at: headerOffset)
        }
    }

    private func appendElement(to array: TOMLBuilderTableArray, headerOffset: Int) -> TOMLBuilderTable {
        let element = TOMLBuilderTable(origin: .header, offset: headerOffset)
        array.append(element)
        return element
    }

    /// `key = value` into `table`; returns the key for messages.
    @discardableResult
    mutating func parseKeyValue(into table: TOMLBuilderTable, depth: Int) throws(TOMLError) -> [KeySegment] {
        let key = try parseKey()
        skipWhitespace()
        guard peek() == UInt8(ascii: "=") else {
            throw error("expected '=' after key \(Self.display(key)), found \(found())")
        }
        index += 1
        skipWhitespace()
        guard depth + key.count <= configuration.maxDepth else {
            throw error("key \(Self.display(key)) nests deeper than \(configuration.maxDepth) levels", at: key[0].offset)
        }
        let node = try parseValue(depth: depth + key.count, after: "'=' of key \(Self.display(key))")
        try assign(node, to: key, in: table)
        return key
    }

    /// Stores a value under a (dotted) key: intermediate tables are created
    /// or must have been created by dotted keys; the last key must be new.
    private func assign(_ node: TOMLNode, to key: [KeySegment], in start: TOMLBuilderTable) throws(TOMLError) {
        var table = start
        for segment in key.dropLast() {
            switch table[segment.name] {
            case nil:
                let child = TOMLBuilderTable(origin: table.origin == .inline ? .inline : .dotted, offset: segment.offset)
                table.set(segment.name, .table(child), keyOffset: segment.offset)
                table = child
            case .table(let child) where child.origin == .dotted || child.origin == .implicit
                || (child.origin == .inline && table.origin == .inline):
                if child.origin == .implicit { child.origin = .dotted }
                table = child
            case let existing:
                throw error(
                    "cannot add key \(Self.display(key)): \(quoted(segment.name)) is already "
                        + "\(describe(existing)) (defined at \(position(of: segment.name, in: table)))",
                    at: segment.offset)
            }
        }
        guard let last = key.last else { return }
        if let existing = table[last.name] {
            let first = position(of: last.name, in: table)
            if case .value = existing {
                throw error("key \(Self.display(key)) defined twice (first at \(first))", at: last.offset)
            }
            throw error(
                "cannot assign key \(Self.display(key)): it is already \(describe(existing)) (defined at \(first))",
                at: last.offset)
        }
        table.set(last.name, .value(node), keyOffset: last.offset)
    }
}
