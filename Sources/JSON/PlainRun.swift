/// Skips a run of string bytes that need no attention: printable ASCII other
/// than `"` and `\`.
///
/// Webhook payloads are mostly such bytes (URLs, names, timestamps), so the
/// parser and `JSON.minified(validJSON:)` test 16 bytes at a time and fall back
/// to their byte-by-byte loop at the first byte that matters.
enum PlainRun {
    /// The first index at or after `start` whose byte is `"`, `\`, a control
    /// character or non-ASCII, or a position at most 15 bytes before `end`
    /// from which the caller continues byte by byte.
    @inline(__always)
    static func end(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = bytes.baseAddress else { return start }
        let raw = UnsafeRawPointer(base)
        var index = start
        let quote = SIMD16<UInt8>(repeating: 0x22)
        let backslash = SIMD16<UInt8>(repeating: 0x5C)
        let space = SIMD16<UInt8>(repeating: 0x20)
        let ascii = SIMD16<UInt8>(repeating: 0x80)
        while index + 16 <= bytes.count {
            let chunk = raw.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self)
            let special = (chunk .== quote) .| (chunk .== backslash) .| (chunk .< space) .| (chunk .>= ascii)
            if any(special) { break }
            index += 16
        }
        return index
    }
}
