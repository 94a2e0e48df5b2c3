import CLZ4

/// How an event's payload is stored in the payload log (the record's codec
/// byte, `events.payload_codec`).
///
/// Why compress: webhook payloads are verbose JSON (a GitHub `workflow_run` is
/// ~19 KB minified, LZ4 makes it ~2.8 KB in about 6 µs), and every payload is
/// written with the batch that acknowledges it. Storing a seventh of the bytes
/// shortens each group commit's write and divides the disk the log needs for
/// its retention window by the same factor.
public enum PayloadCodec: UInt8, Sendable, CaseIterable {
    /// The payload's own bytes.
    case none = 0
    /// `u32` little-endian length of the payload, then one LZ4 block (the
    /// block format of liblz4, not the frame format).
    case lz4 = 1

    /// Payloads below this size are stored as they are: too small to gain.
    static let minimumCompressedSize = 256
    /// The largest payload a stored LZ4 length may announce: a corrupt length
    /// must fail as corrupt, not allocate gigabytes. Far above any webhook
    /// body the listener accepts.
    static let maximumDecodedSize = 256 << 20

    /// `payload` as it is best stored: LZ4 when that saves at least an eighth
    /// of its bytes, else the bytes unchanged.
    static func encode(_ payload: [UInt8]) -> (codec: PayloadCodec, stored: [UInt8]) {
        guard payload.count >= minimumCompressedSize, payload.count <= Int(LZ4_MAX_INPUT_SIZE) else {
            return (.none, payload)
        }
        let bound = Int(LZ4_compressBound(Int32(payload.count)))
        let worthwhile = payload.count - payload.count / 8
        let compressed = [UInt8](unsafeUninitializedCapacity: 4 + bound) { output, count in
            count = 0
            guard let out = output.baseAddress else { return }
            let written = payload.withUnsafeBytes { input -> Int32 in
                guard let source = input.baseAddress else { return 0 }
                return LZ4_compress_default(source.assumingMemoryBound(to: CChar.self),
                                            UnsafeMutableRawPointer(out + 4).assumingMemoryBound(to: CChar.self),
                                            Int32(payload.count), Int32(bound))
            }
            guard written > 0, 4 + Int(written) <= worthwhile else { return }
            withUnsafeBytes(of: UInt32(payload.count).littleEndian) { length in
                for index in 0..<4 { out[index] = length[index] }
            }
            count = 4 + Int(written)
        }
        return compressed.isEmpty ? (.none, payload) : (.lz4, compressed)
    }

    /// The payload stored as `stored` with this codec; `where` names the
    /// place in errors. Throws when the bytes are not a valid encoding.
    func decode(_ stored: [UInt8], where place: @autoclosure () -> String) throws(StoreError) -> [UInt8] {
        switch self {
        case .none:
            return stored
        case .lz4:
            guard stored.count > 4 else {
                throw StoreError(.database, "compressed payload at \(place()) is truncated (\(stored.count) bytes)")
            }
            let length = Int(stored[0]) | Int(stored[1]) << 8 | Int(stored[2]) << 16 | Int(stored[3]) << 24
            guard length > 0, length <= Self.maximumDecodedSize else {
                throw StoreError(.database, "compressed payload at \(place()) announces \(length) bytes")
            }
            let decoded = [UInt8](unsafeUninitializedCapacity: length) { output, count in
                count = 0
                guard let out = output.baseAddress else { return }
                let written = stored.withUnsafeBytes { input -> Int32 in
                    guard let source = input.baseAddress else { return -1 }
                    // `_safe`: never reads or writes outside the given buffers, whatever the input.
                    return LZ4_decompress_safe((source + 4).assumingMemoryBound(to: CChar.self),
                                               UnsafeMutableRawPointer(out).assumingMemoryBound(to: CChar.self),
                                               Int32(stored.count - 4), Int32(length))
                }
                if Int(written) == length { count = length }
            }
            guard decoded.count == length else {
                throw StoreError(.database, "compressed payload at \(place()) is corrupt (not a \(length)-byte LZ4 block)")
            }
            return decoded
        }
    }

    /// The codec with this stored code, or an error naming the place.
    static func stored(_ code: Int64, where place: @autoclosure () -> String) throws(StoreError) -> PayloadCodec {
        guard let byte = UInt8(exactly: code), let codec = PayloadCodec(rawValue: byte) else {
            throw StoreError(.database, "payload at \(place()) has unknown codec \(code)")
        }
        return codec
    }
}
