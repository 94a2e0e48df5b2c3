/// The RFC 8259 scanner behind `JSON(parsing:)`.
///
/// It reads a borrowed buffer that never outlives `parse(_:limits:)` and tracks
/// only the byte index. Nesting is handled without recursion: finished values
/// wait on a flat `values` stack (object keys on `keys`) and a container is
/// built from the top of those stacks when it closes, so a deep document costs
/// heap, never call stack, and the depth limit is the only bound on nesting.
///
/// A lazy parse (`parseLazily`) builds only the outermost container: each
/// nested object is run through the same scanner with building switched off
/// (`skipDepth`), so it is validated with the same errors at the same
/// offsets, and becomes a `LazyObject` over its bytes.
struct JSONParser {
    /// One open array or object.
    private struct Frame {
        var isObject: Bool
        /// Where this container's elements start on `values`.
        var valueStart: Int
        /// Where this object's keys start on `keys`.
        var keyStart: Int
    }

    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    let maxDepth: Int
    /// `JSONParseLimits.loneSurrogates == .replace`.
    let replacesLoneSurrogates: Bool
    private var values: [JSON] = []
    private var keys: [String] = []
    private var frames: [Frame] = []
    /// Reused buffer for strings that contain escapes.
    var scratch: [UInt8] = []
    /// For a lazy parse: the document nested objects keep, and where `bytes` starts in it.
    private let lazyDocument: [UInt8]?
    private let documentOffset: Int
    /// How many containers deep the parser is inside a nested object it only
    /// validates (a lazy parse); 0 while it builds.
    private var skipDepth = 0
    /// Where that nested object starts in `bytes`.
    private var skipStart = 0
    /// Whether to collect the document without its insignificant whitespace
    /// (`minified`): the bytes between whitespace runs, copied as the scanner
    /// skips each run, so validating and minifying is one pass.
    private let minifying: Bool
    /// The minified bytes so far: allocated (`bytes.count`, the most they can
    /// take) at the first whitespace run, so a compact document costs nothing.
    /// Copies go through a raw buffer, not an `Array`: a pretty-printed
    /// webhook has hundreds of runs, and `append(contentsOf:)`'s checks on
    /// each were most of the minifying's cost. `parseLazily` frees it.
    private var minified: UnsafeMutablePointer<UInt8>?
    private var minifiedCount = 0
    /// Where the bytes not yet copied to `minified` start.
    private var pendingStart = 0

    private init(bytes: UnsafeBufferPointer<UInt8>, limits: JSONParseLimits, lazyDocument: [UInt8]? = nil,
                 documentOffset: Int = 0, minifying: Bool = false) {
        self.bytes = bytes
        self.maxDepth = limits.maxDepth
        self.replacesLoneSurrogates = limits.loneSurrogates == .replace
        self.minifying = minifying
        self.lazyDocument = lazyDocument
        self.documentOffset = documentOffset
        values.reserveCapacity(64)
        keys.reserveCapacity(32)
        frames.reserveCapacity(16)
    }

    /// Parses one complete document; `bytes` is only read during the call.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, limits: JSONParseLimits) throws(JSONParseError) -> JSON {
        guard bytes.count <= limits.maxBytes else {
            throw JSONParseError(.tooLarge(size: bytes.count, limit: limits.maxBytes), at: limits.maxBytes)
        }
        var parser = JSONParser(bytes: bytes, limits: limits)
        return try parser.parseDocument()
    }

    /// Parses `document[range]`, building its outermost container only; its
    /// nested objects are validated now and built on first read (`LazyObject`).
    static func parseLazily(_ document: [UInt8], range: Range<Int>, limits: JSONParseLimits) throws(JSONParseError) -> JSON {
        try parseLazily(document, range: range, limits: limits, minifying: false).value
    }

    /// The same, also returning `document[range]` without the whitespace
    /// between its tokens (`document` itself when it has none).
    static func parseLazilyMinifying(_ document: [UInt8], limits: JSONParseLimits) throws(JSONParseError)
        -> (value: JSON, minified: [UInt8])
    {
        let (value, minified) = try parseLazily(document, range: document.indices, limits: limits, minifying: true)
        return (value, minified ?? document)
    }

    /// `minified` is `nil` when not minifying or when there was no whitespace to drop.
    private static func parseLazily(_ document: [UInt8], range: Range<Int>, limits: JSONParseLimits, minifying: Bool)
        throws(JSONParseError) -> (value: JSON, minified: [UInt8]?)
    {
        guard range.count <= limits.maxBytes else {
            throw JSONParseError(.tooLarge(size: range.count, limit: limits.maxBytes), at: limits.maxBytes)
        }
        let result = document.withUnsafeBufferPointer { whole in
            Result { () throws(JSONParseError) -> (JSON, [UInt8]?) in
                var parser = JSONParser(
                    bytes: UnsafeBufferPointer(rebasing: whole[range]), limits: limits,
                    lazyDocument: document, documentOffset: range.lowerBound, minifying: minifying)
                defer { parser.minified?.deallocate() }
                let value = try parser.parseDocument()
                guard minifying, parser.pendingStart > 0 else { return (value, nil) }
                parser.copyPending(upTo: parser.bytes.count)
                return (value, parser.minifiedBytes())
            }
        }
        return try result.get()
    }

    private mutating func parseDocument() throws(JSONParseError) -> JSON {
        let count = bytes.count
        while true {
            // A value is expected at `index` (after optional whitespace).
            skipWhitespace()
            guard index < count else { throw JSONParseError(.unexpectedEnd, at: index) }
            let byte = bytes[index]
            var closesAtOnce = false
            switch byte {
            case 0x22:  // "
                if skipDepth > 0 { try skipString() } else { values.append(.string(try parseString())) }
            case 0x7B:  // {
                if skipDepth > 0 {
                    skipDepth += 1
                } else if lazyDocument != nil, !frames.isEmpty {
                    skipDepth = 1
                    skipStart = index
                }
                try open(isObject: true)
                skipWhitespace()
                if index < count, bytes[index] == 0x7D {  // }
                    index += 1
                    closesAtOnce = true
                } else {
                    try parseKey()
                    continue
                }
            case 0x5B:  // [
                if skipDepth > 0 { skipDepth += 1 }
                try open(isObject: false)
                skipWhitespace()
                if index < count, bytes[index] == 0x5D {  // ]
                    index += 1
                    closesAtOnce = true
                } else {
                    continue
                }
            case 0x2D, 0x30...0x39:  // - 0-9
                let number = try parseNumber()
                if skipDepth == 0 { values.append(number) }
            case 0x74:  // t
                try expectLiteral("true")
                if skipDepth == 0 { values.append(.bool(true)) }
            case 0x66:  // f
                try expectLiteral("false")
                if skipDepth == 0 { values.append(.bool(false)) }
            case 0x6E:  // n
                try expectLiteral("null")
                if skipDepth == 0 { values.append(.null) }
            default:
                throw JSONParseError(.unexpectedByte(byte), at: index)
            }
            if closesAtOnce { close() }

            // A value just ended: close containers until one wants another element.
            while true {
                guard let frame = frames.last else {
                    skipWhitespace()
                    guard index == count else { throw JSONParseError(.trailingCharacters, at: index) }
                    return values.removeLast()
                }
                skipWhitespace()
                guard index < count else { throw JSONParseError(.unexpectedEnd, at: index) }
                let next = bytes[index]
                if next == 0x2C {  // ,
                    index += 1
                    if frame.isObject {
                        skipWhitespace()
                        try parseKey()
                    }
                    break
                }
                guard next == (frame.isObject ? 0x7D : 0x5D) else {
                    throw JSONParseError(.unexpectedByte(next), at: index)
                }
                index += 1
                close()
            }
        }
    }

    /// Opens a container at `index`, enforcing the depth limit.
    @inline(__always)
    private mutating func open(isObject: Bool) throws(JSONParseError) {
        guard frames.count < maxDepth else { throw JSONParseError(.tooDeep(limit: maxDepth), at: index) }
        frames.append(Frame(isObject: isObject, valueStart: values.count, keyStart: keys.count))
        index += 1
    }

    /// Closes the innermost container, replacing its elements on `values` by
    /// it; `index` is just past its closing bracket.
    private mutating func close() {
        let frame = frames.removeLast()
        if skipDepth > 0 {
            skipDepth -= 1
            if skipDepth == 0, let lazyDocument {
                let range = documentOffset + skipStart..<documentOffset + index
                values.append(.object(JSONObject(lazy: LazyObject(document: lazyDocument, range: range))))
            }
            return
        }
        let value: JSON
        if frame.isObject {
            value = .object(JSONObject(parsedKeys: keys[frame.keyStart...], values: values[frame.valueStart...]))
            keys.removeSubrange(frame.keyStart...)
        } else {
            value = .array(Array(values[frame.valueStart...]))
        }
        values.removeSubrange(frame.valueStart...)
        values.append(value)
    }

    /// Reads `"key"` and the `:` after it, leaving `index` at the member's value.
    private mutating func parseKey() throws(JSONParseError) {
        guard index < bytes.count else { throw JSONParseError(.unexpectedEnd, at: index) }
        guard bytes[index] == 0x22 else { throw JSONParseError(.unexpectedByte(bytes[index]), at: index) }
        if skipDepth > 0 { try skipString() } else { keys.append(try parseString()) }
        skipWhitespace()
        guard index < bytes.count else { throw JSONParseError(.unexpectedEnd, at: index) }
        guard bytes[index] == 0x3A else { throw JSONParseError(.unexpectedByte(bytes[index]), at: index) }  // :
        index += 1
    }

    /// Matches `true`, `false` or `null` at `index`, naming the first byte that differs.
    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        for offset in 0..<expected.count {
            let at = index + offset
            guard at < bytes.count else { throw JSONParseError(.unexpectedEnd, at: at) }
            guard bytes[at] == expected[offset] else { throw JSONParseError(.unexpectedByte(bytes[at]), at: at) }
        }
        index += expected.count
    }

    /// Skips JSON's four whitespace bytes: space, tab, line feed, carriage return.
    @inline(__always)
    mutating func skipWhitespace() {
        let start = index
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default:
                if minifying, index > start { dropWhitespace(from: start) }
                return
            }
        }
        if minifying, index > start { dropWhitespace(from: start) }
    }

    /// Copies what precedes the whitespace run `start..<index` and skips the run.
    private mutating func dropWhitespace(from start: Int) {
        if minified == nil { minified = .allocate(capacity: bytes.count) }
        copyPending(upTo: start)
        pendingStart = index
    }

    /// Appends the bytes from `pendingStart` up to `end` to `minified`.
    private mutating func copyPending(upTo end: Int) {
        let length = end - pendingStart
        guard length > 0, let minified, let base = bytes.baseAddress else { return }
        (minified + minifiedCount).update(from: base + pendingStart, count: length)
        minifiedCount += length
    }

    /// The minified bytes as an array (the buffer is freed by the caller).
    private func minifiedBytes() -> [UInt8] {
        guard let minified else { return [] }
        return [UInt8](UnsafeBufferPointer(start: minified, count: minifiedCount))
    }
}
