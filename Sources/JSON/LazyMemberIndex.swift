/// Where each member of a lazily parsed object sits in its document: the
/// byte ranges of its key and value, found by one pass over bytes that the
/// whole document's parse has already validated.
///
/// A rule reads two or three fields of an object of forty or ninety (a GitHub
/// `repository`, a `workflow_run`). Finding them through this index parses
/// just those values; building the object would make a `String` of every key
/// and value, and a hash index over the keys, only to free them again.
struct LazyMemberIndex {
    struct Entry {
        /// The key's bytes, between its quotes.
        var key: Range<Int>
        /// Whether the key holds an escape (then it is compared decoded).
        var keyIsEscaped: Bool
        /// The value's bytes, from its first to its last byte.
        var value: Range<Int>
    }

    private(set) var entries: [Entry] = []

    /// Indexes the object `document[range]` (its `{` to its `}`).
    init(_ document: UnsafeBufferPointer<UInt8>, range: Range<Int>) {
        var scanner = Scanner(bytes: document, index: range.lowerBound + 1, end: range.upperBound)
        entries.reserveCapacity(16)
        while true {
            scanner.skipWhitespace()
            guard let byte = scanner.peek(), byte == 0x22 else { return }  // "
            let keyStart = scanner.index + 1
            let escaped = scanner.skipString()
            let key = keyStart..<(scanner.index - 1)
            scanner.skipWhitespace()
            guard scanner.peek() == 0x3A else { return }  // :
            scanner.index += 1
            scanner.skipWhitespace()
            let valueStart = scanner.index
            scanner.skipValue()
            entries.append(Entry(key: key, keyIsEscaped: escaped, value: valueStart..<scanner.index))
            scanner.skipWhitespace()
            guard scanner.peek() == 0x2C else { return }  // ,
            scanner.index += 1
        }
    }

    /// The last entry whose key is `key` (a duplicate key's last value wins,
    /// as in a full parse), comparing raw bytes when the key has no escape.
    func lastEntry(named key: String, in document: UnsafeBufferPointer<UInt8>) -> Int? {
        var utf8 = key
        return utf8.withUTF8 { wanted in
            for position in entries.indices.reversed() {
                let entry = entries[position]
                if entry.keyIsEscaped {
                    if Self.decodedKey(entry, document) == key { return position }
                    continue
                }
                guard entry.key.count == wanted.count else { continue }
                if UnsafeBufferPointer(rebasing: document[entry.key]).elementsEqual(wanted) { return position }
            }
            return nil
        }
    }

    /// An escaped key, decoded by the parser (the bytes are valid: this cannot
    /// fail; a lone surrogate is there only if the document's parse let it through).
    private static func decodedKey(_ entry: Entry, _ document: UnsafeBufferPointer<UInt8>) -> String? {
        let quoted = (entry.key.lowerBound - 1)..<(entry.key.upperBound + 1)
        let value = try? JSONParser.parse(
            UnsafeBufferPointer(rebasing: document[quoted]), limits: JSONParseLimits(loneSurrogates: .replace))
        return value?.stringValue
    }

    /// Moves over validated JSON: no checks beyond staying in bounds.
    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var index: Int
        let end: Int

        func peek() -> UInt8? { index < end ? bytes[index] : nil }

        mutating func skipWhitespace() {
            while index < end {
                switch bytes[index] {
                case 0x20, 0x0A, 0x0D, 0x09: index += 1
                default: return
                }
            }
        }

        /// From an opening quote to just past the closing one; returns whether it held an escape.
        @discardableResult
        mutating func skipString() -> Bool {
            var escaped = false
            index += 1
            while index < end {
                index = min(PlainRun.end(in: bytes, from: index), end)
                guard index < end else { break }
                switch bytes[index] {
                case 0x22:  // "
                    index += 1
                    return escaped
                case 0x5C:  // \ and the byte it escapes (a \u's hex digits are plain)
                    escaped = true
                    index += 2
                default:
                    index += 1
                }
            }
            index = end
            return escaped
        }

        /// One value: a string, a container with everything in it, or a number or literal.
        mutating func skipValue() {
            guard let first = peek() else { return }
            switch first {
            case 0x22:
                skipString()
            case 0x7B, 0x5B:  // { [
                var depth = 0
                while index < end {
                    switch bytes[index] {
                    case 0x22:
                        skipString()
                        continue
                    case 0x7B, 0x5B:
                        depth += 1
                    case 0x7D, 0x5D:
                        depth -= 1
                        if depth == 0 {
                            index += 1
                            return
                        }
                    default:
                        break
                    }
                    index += 1
                }
            default:
                while index < end {
                    switch bytes[index] {
                    case 0x2C, 0x7D, 0x5D, 0x20, 0x0A, 0x0D, 0x09: return  // , } ] whitespace
                    default: index += 1
                    }
                }
            }
        }
    }
}
