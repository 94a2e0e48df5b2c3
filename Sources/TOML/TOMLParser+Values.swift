/// Values: dispatch on the first character, arrays and inline tables.
extension TOMLParser {
    /// A value at the cursor. `context` says what preceded it, for messages.
    mutating func parseValue(depth: Int, after context: String) throws(TOMLError) -> TOMLNode {
        guard let byte = peek() else { throw error("expected a value after \(context), found end of file") }
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            return try parseStringNode()
        case UInt8(ascii: "["):
            return try parseArray(depth: depth + 1)
        case UInt8(ascii: "{"):
            return try parseInlineTable(depth: depth + 1)
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            return try parseBoolean()
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"),
            UInt8(ascii: "i"), UInt8(ascii: "n"):
            return try parseNumberOrDateTime()
        default:
            if Self.isBareKeyByte(byte) {
                let start = index
                while let next = peek(), Self.isBareKeyByte(next) || next == UInt8(ascii: ".") { index += 1 }
                let word = String(decoding: bytes[start..<index], as: UTF8.self)
                throw error("expected a value after \(context), found '\(word)' (strings must be quoted)", at: start)
            }
            throw error("expected a value after \(context), found \(found())")
        }
    }

    private mutating func parseBoolean() throws(TOMLError) -> TOMLNode {
        let start = index
        for (word, value) in [("true", true), ("false", false)] where matches(word) {
            index += word.utf8.count
            if let next = peek(), Self.isBareKeyByte(next) { break }
            return TOMLNode(value: .boolean(value), position: source.position(start))
        }
        index = start
        while let next = peek(), Self.isBareKeyByte(next) { index += 1 }
        let word = String(decoding: bytes[start..<index], as: UTF8.self)
        throw error("expected a value, found '\(word)' (booleans are 'true' or 'false'; strings must be quoted)", at: start)
    }

    /// Whether the bytes at the cursor spell `word`.
    func matches(_ word: String) -> Bool {
        var at = index
        for byte in word.utf8 {
            guard at < bytes.count, bytes[at] == byte else { return false }
            at += 1
        }
        return true
    }

    /// `[ v, v, ... ]`: newlines and comments allowed between elements, a
    /// trailing comma allowed.
    private mutating func parseArray(depth: Int) throws(TOMLError) -> TOMLNode {
        let start = index
        try checkDepth(depth)
        index += 1
        var elements: [TOMLNode] = []
        while true {
            try skipBlankLines()
            if peek() == UInt8(ascii: "]") { break }
            elements.append(try parseValue(depth: depth, after: elements.isEmpty ? "'['" : "',' in array"))
            try skipBlankLines()
            if peek() == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard peek() == UInt8(ascii: "]") else {
                throw error(
                    "expected ',' or ']' after array element, found \(found()) (array opened at \(source.position(start)))")
            }
            break
        }
        index += 1
        return TOMLNode(value: .array(elements), position: source.position(start))
    }

    /// `{ k = v, k.l = v }`: one line, no trailing comma, closed once read.
    private mutating func parseInlineTable(depth: Int) throws(TOMLError) -> TOMLNode {
        let start = index
        try checkDepth(depth)
        index += 1
        let table = TOMLBuilderTable(origin: .inline, offset: start)
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            index += 1
            return TOMLNode(value: .table(table.freeze(source)), position: source.position(start))
        }
        while true {
            skipWhitespace()
            if peek() == UInt8(ascii: "}") {
                throw error("expected a key after ',' in inline table, found '}' (trailing commas are not allowed)")
            }
            if peek() == UInt8(ascii: "\n") || peek() == UInt8(ascii: "\r") {
                throw error("expected a key in inline table, found end of line (inline tables must be on one line)")
            }
            try parseKeyValue(into: table, depth: depth)
            skipWhitespace()
            if peek() == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard peek() == UInt8(ascii: "}") else {
                let hint = peek() == UInt8(ascii: "\n") || peek() == UInt8(ascii: "\r")
                    ? " (inline tables must be on one line)" : ""
                throw error(
                    "expected ',' or '}' in inline table opened at \(source.position(start)), found \(found())\(hint)")
            }
            index += 1
            return TOMLNode(value: .table(table.freeze(source)), position: source.position(start))
        }
    }

    private func checkDepth(_ depth: Int) throws(TOMLError) {
        guard depth <= configuration.maxDepth else {
            throw error("arrays and inline tables nest deeper than \(configuration.maxDepth) levels")
        }
    }
}
