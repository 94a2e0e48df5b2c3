/// One event as written to the payload log: everything needed to rebuild its
/// row, so the log alone makes an acknowledged event durable (see
/// `PayloadLog.recover`). Little-endian layout:
///
///     u32 magic "SBE3" | u32 body length | u64 check | i64 id
///     body: i64 received at | str source | str delivery id | str name
///           | bytes headers (HeaderCodec) | u8 codec | bytes payload   (str/bytes: u32 length + bytes)
///
/// `check` is the body's checksum mixed with the id. `payload` holds the
/// payload as stored, encoded with `codec` (`PayloadCodec`). Records of the
/// earlier formats are still read: "SBE2" has no codec byte (its payloads are
/// stored as they are) and "SBE1" also checksums with one lane. The body and its checksum
/// are built by the caller of `append`, off the writer thread; the writer only
/// adds the 24-byte prefix once the id is known. The payload comes last, so the
/// row can point straight at its bytes.
struct PayloadRecord: Sendable, Equatable {
    static let magic: UInt32 = 0x3345_4253  // "SBE3"
    /// "SBE2": no codec byte.
    static let uncompressedMagic: UInt32 = 0x3245_4253
    /// "SBE1": no codec byte, `legacyChecksum`.
    static let legacyMagic: UInt32 = 0x3145_4253
    static let prefixBytes = 24

    var id: Int64
    let receivedAt: EpochMillis
    let source: String
    let deliveryID: String
    let name: String
    let headers: [UInt8]
    /// How `payload` is encoded.
    let codec: PayloadCodec
    /// The payload as stored (`codec.decode` gives the event's bytes back).
    let payload: [UInt8]
    /// The encoded body and its checksum.
    private let body: [UInt8]
    private let bodyChecksum: UInt64

    init(id: Int64, receivedAt: EpochMillis, source: String, deliveryID: String, name: String, headers: [UInt8],
         codec: PayloadCodec, payload: [UInt8]) {
        self.init(id: id, receivedAt: receivedAt, source: source, deliveryID: deliveryID, name: name,
                  headers: headers, codec: codec, payload: payload, magic: Self.magic)
    }

    /// A record in the layout of `magic` (older layouts: for tests of reading them).
    init(id: Int64, receivedAt: EpochMillis, source: String, deliveryID: String, name: String, headers: [UInt8],
         codec: PayloadCodec, payload: [UInt8], magic: UInt32) {
        self.id = id
        self.receivedAt = receivedAt
        self.source = source
        self.deliveryID = deliveryID
        self.name = name
        self.headers = headers
        self.codec = codec
        self.payload = payload
        self.recordMagic = magic
        var body: [UInt8] = []
        body.reserveCapacity(8 + 4 * 5 + 1 + source.utf8.count + deliveryID.utf8.count + name.utf8.count
                             + headers.count + payload.count)
        Self.put(UInt64(bitPattern: receivedAt), &body)
        Self.putField(source.utf8, &body)
        Self.putField(deliveryID.utf8, &body)
        Self.putField(name.utf8, &body)
        Self.putField(headers, &body)
        if magic == Self.magic { body.append(codec.rawValue) }
        Self.putField(payload, &body)
        self.body = body
        self.bodyChecksum = magic == Self.legacyMagic ? Self.legacyChecksum(body[...]) : Self.checksum(body[...])
    }

    /// The layout this record is written in (`magic` unless made for a test).
    private let recordMagic: UInt32

    /// Bytes from the record's start to its payload's first byte.
    var payloadStart: Int { Self.prefixBytes + body.count - payload.count }

    /// The record's total size.
    var size: Int { Self.prefixBytes + body.count }

    func encode(into bytes: inout [UInt8]) {
        Self.put(recordMagic, &bytes)
        Self.put(UInt32(truncatingIfNeeded: body.count), &bytes)
        Self.put(Self.check(bodyChecksum, id: id), &bytes)
        Self.put(UInt64(bitPattern: id), &bytes)
        bytes.append(contentsOf: body)
    }

    /// Decodes the record at the start of `bytes`; `nil` if it is incomplete,
    /// torn or not a record (the end of the valid log).
    static func decode(_ bytes: ArraySlice<UInt8>) -> PayloadRecord? {
        var reader = Reader(bytes: bytes, index: bytes.startIndex)
        guard let magic = reader.u32(), [Self.magic, Self.uncompressedMagic, Self.legacyMagic].contains(magic),
              let length = reader.u32(), let check = reader.u64(),
              let id = reader.u64().map({ Int64(bitPattern: $0) }), bytes.endIndex - reader.index >= Int(length)
        else { return nil }
        let body = bytes[reader.index..<(reader.index + Int(length))]
        let checksum = magic == Self.legacyMagic ? Self.legacyChecksum(body) : Self.checksum(body)
        guard Self.check(checksum, id: id) == check else { return nil }
        guard let receivedAt = reader.u64(), let source = reader.field(), let delivery = reader.field(),
              let name = reader.field(), let headers = reader.field() else { return nil }
        var codec = PayloadCodec.none
        if magic == Self.magic {
            guard let code = reader.integer(1), let stored = PayloadCodec(rawValue: UInt8(code)) else { return nil }
            codec = stored
        }
        guard let payload = reader.field(), reader.index == body.endIndex else { return nil }
        return PayloadRecord(id: id, receivedAt: Int64(bitPattern: receivedAt),
                             source: String(decoding: source, as: UTF8.self),
                             deliveryID: String(decoding: delivery, as: UTF8.self),
                             name: String(decoding: name, as: UTF8.self), headers: Array(headers),
                             codec: codec, payload: Array(payload), magic: magic)
    }

    private static func check(_ checksum: UInt64, id: Int64) -> UInt64 {
        checksum ^ (UInt64(bitPattern: id) &* 0x9E37_79B9_7F4A_7C15)
    }

    private static let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15

    @inline(__always)
    private static func mix(_ hash: UInt64, _ word: UInt64) -> UInt64 {
        let mixed = (hash ^ word) &* multiplier
        return mixed ^ (mixed >> 29)
    }

    /// A fast 64-bit checksum: it exists to detect torn or missing writes at
    /// the log's tail, not tampering. Four independent lanes over 32-byte
    /// strides, so the multiplications overlap (about 4x the single-lane
    /// speed; every event's payload goes through here).
    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var lane0: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(bytes.count)
        var lane1: UInt64 = 0x8422_2325_cbf2_9ce4
        var lane2: UInt64 = 0x27d4_eb2f_1656_67c5
        var lane3: UInt64 = 0x1656_67c5_27d4_eb2f
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset + 32 <= raw.count {
                lane0 = mix(lane0, raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                lane1 = mix(lane1, raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
                lane2 = mix(lane2, raw.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self))
                lane3 = mix(lane3, raw.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self))
                offset += 32
            }
            while offset + 8 <= raw.count {
                lane0 = mix(lane0, raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                offset += 8
            }
            while offset < raw.count {
                lane0 = (lane0 ^ UInt64(raw[offset])) &* 0x100_0000_01B3
                offset += 1
            }
        }
        return mix(mix(mix(lane0, lane1), lane2), lane3)
    }

    /// The "SBE1" checksum: one lane over 8-byte words.
    static func legacyChecksum(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(bytes.count)
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset + 8 <= raw.count {
                hash = (hash ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
                hash ^= hash >> 29
                offset += 8
            }
            while offset < raw.count {
                hash = (hash ^ UInt64(raw[offset])) &* 0x100_0000_01B3
                offset += 1
            }
        }
        return hash
    }

    private static func putField(_ field: some Collection<UInt8>, _ bytes: inout [UInt8]) {
        put(UInt32(truncatingIfNeeded: field.count), &bytes)
        bytes.append(contentsOf: field)
    }

    private static func put<T: FixedWidthInteger>(_ value: T, _ bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    static func == (lhs: PayloadRecord, rhs: PayloadRecord) -> Bool {
        lhs.id == rhs.id && lhs.body == rhs.body
    }

    private struct Reader {
        let bytes: ArraySlice<UInt8>
        var index: Int

        mutating func u32() -> UInt32? { integer(4).map { UInt32(truncatingIfNeeded: $0) } }
        mutating func u64() -> UInt64? { integer(8) }

        mutating func integer(_ width: Int) -> UInt64? {
            guard bytes.endIndex - index >= width else { return nil }
            var value: UInt64 = 0
            for offset in 0..<width { value |= UInt64(bytes[index + offset]) << UInt64(8 * offset) }
            index += width
            return value
        }

        mutating func field() -> ArraySlice<UInt8>? {
            guard let count = u32().map(Int.init), bytes.endIndex - index >= count else { return nil }
            defer { index += count }
            return bytes[index..<(index + count)]
        }
    }
}
