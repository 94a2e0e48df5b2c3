/// Serializes an event's headers to bytes and back: for each field, a 4-byte
/// little-endian length and the UTF-8 name, then the same for the value.
/// Plain and unambiguous (names and values may hold any bytes).
enum HeaderCodec {
    static func encode(_ headers: [HeaderField]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(headers.reduce(0) { $0 + 8 + $1.name.utf8.count + $1.value.utf8.count })
        for field in headers {
            append(field.name, to: &bytes)
            append(field.value, to: &bytes)
        }
        return bytes
    }

    static func decode(_ bytes: [UInt8]) throws(StoreError) -> [HeaderField] {
        var headers: [HeaderField] = []
        var index = 0
        while index < bytes.count {
            let name = try string(in: bytes, at: &index)
            let value = try string(in: bytes, at: &index)
            headers.append(HeaderField(name, value))
        }
        return headers
    }

    private static func append(_ string: String, to bytes: inout [UInt8]) {
        let count = UInt32(truncatingIfNeeded: string.utf8.count)
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: count >> UInt32(shift))) }
        bytes.append(contentsOf: string.utf8)
    }

    private static func string(in bytes: [UInt8], at index: inout Int) throws(StoreError) -> String {
        guard bytes.count - index >= 4 else { throw corrupt }
        var count = 0
        for offset in 0..<4 { count |= Int(bytes[index + offset]) << (8 * offset) }
        index += 4
        guard bytes.count - index >= count else { throw corrupt }
        defer { index += count }
        return String(decoding: bytes[index..<(index + count)], as: UTF8.self)
    }

    private static var corrupt: StoreError { StoreError(.database, "stored headers are truncated") }
}
