extension JSON {
    /// `text` without the whitespace between its tokens: the bytes of a
    /// document that `JSON(parsing:)` has already accepted, made compact
    /// without building and re-serializing the value.
    ///
    /// Strings, numbers and literals are copied byte for byte (escapes stay
    /// as sent), so parsing the result gives a value equal to parsing `text`.
    /// One pass, no allocation beyond the result: for a 21 KB webhook this is
    /// several times cheaper than `serializedBytes()` of the parsed value.
    /// Bytes that are not valid JSON give unspecified (but memory-safe) output.
    package static func minified(validJSON text: [UInt8]) -> [UInt8] {
        text.withUnsafeBufferPointer { source in
            guard let sourceBase = source.baseAddress, !source.isEmpty else { return [] }
            return [UInt8](unsafeUninitializedCapacity: source.count) { output, initialized in
                guard let outputBase = output.baseAddress else { return initialized = 0 }
                let count = source.count
                var read = 0
                var written = 0
                while read < count {
                    let byte = source[read]
                    switch byte {
                    case 0x20, 0x0A, 0x0D, 0x09:
                        read += 1
                    case 0x22:  // " : the string through its closing quote, in one copy
                        let start = read
                        read = PlainRun.end(in: source, from: read + 1)
                        while read < count {
                            let inner = source[read]
                            if inner == 0x5C {  // \ : the escaped byte cannot close the string
                                read += 2
                                continue
                            }
                            read += 1
                            if inner == 0x22 { break }
                        }
                        read = min(read, count)
                        (outputBase + written).initialize(from: sourceBase + start, count: read - start)
                        written += read - start
                    default:
                        output[written] = byte
                        written += 1
                        read += 1
                    }
                }
                initialized = written
            }
        }
    }
}
