/// Skips a run of string bytes that need no attention: printable ASCII other
/// than `"` and `\`.
///
/// Webhook payloads are mostly such bytes (URLs, names, timestamps), so the
/// parser tests 8 bytes at a time and lands exactly on the first byte that
/// matters.
enum PlainRun {
    /// The first index at or after `start` whose byte is `"`, `\`, a control
    /// character or non-ASCII; or, when the run reaches the last 7 bytes, a
    /// position there from which the caller continues byte by byte.
    @inline(__always)
    static func end(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = bytes.baseAddress else { return start }
        let raw = UnsafeRawPointer(base)
        var index = start
        while index + 8 <= bytes.count {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            let special = specialBytes(word)
            if special != 0 { return index + special.trailingZeroBitCount / 8 }
            index += 8
        }
        return index
    }

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// A word whose lowest set bit is the high bit of the first special byte
    /// of `word` (little-endian), or 0 when it has none.
    ///
    /// The classic "has a zero byte" test, `(v - 0x01..) & ~v & 0x80..`, run
    /// on `word ^ '"'`, `word ^ '\'` and, for bytes below 0x20, on
    /// `word - 0x20..` directly. Its borrows can only mark bytes *after* a true
    /// match, so the lowest mark is exact; non-ASCII bytes mark themselves.
    @inline(__always)
    private static func specialBytes(_ word: UInt64) -> UInt64 {
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let hasQuote = (quote &- ones) & ~quote
        let hasBackslash = (backslash &- ones) & ~backslash
        let below20 = (word &- ones &* 0x20) & ~word
        return (hasQuote | hasBackslash | below20 | word) & highBits
    }
}
