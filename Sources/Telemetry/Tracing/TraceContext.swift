/// A position in a W3C Trace Context trace: the trace, the span that is the
/// parent of whatever comes next, and the trace flags. It travels as the
/// `traceparent` header (`00-<32 hex trace id>-<16 hex span id>-<2 hex flags>`).
public struct TraceContext: Sendable, Hashable, CustomStringConvertible {
    /// The trace id: 16 bytes, never all zero.
    public let traceID: TraceID
    /// The span this context names: the parent of a child made from it.
    public let spanID: SpanID
    /// Bit 0 is `sampled`: whether the caller records this trace.
    public let flags: UInt8

    public init(traceID: TraceID, spanID: SpanID, flags: UInt8 = TraceContext.sampledFlag) {
        self.traceID = traceID
        self.spanID = spanID
        self.flags = flags
    }

    /// The `sampled` bit of `flags`.
    public static let sampledFlag: UInt8 = 0x01

    /// Whether the spans of this trace are recorded and exported.
    public var isSampled: Bool { flags & Self.sampledFlag != 0 }

    /// A new trace, whose first span is this context's.
    public static func root() -> TraceContext {
        var random = SystemRandomNumberGenerator()
        return TraceContext(traceID: TraceID(random: &random), spanID: SpanID(random: &random))
    }

    /// A new span of the same trace, under this one.
    public func child() -> TraceContext {
        var random = SystemRandomNumberGenerator()
        return TraceContext(traceID: traceID, spanID: SpanID(random: &random), flags: flags)
    }

    /// The `traceparent` header value: version 00, lower-case hex.
    public var traceparent: String { "00-\(traceID.hex)-\(spanID.hex)-\(Hex.encode([flags]))" }

    public var description: String { traceparent }

    /// Reads a `traceparent` value as the W3C recommendation says: version
    /// 00 is exactly 55 characters; a later version may append fields after a
    /// `-`, which are ignored; version `ff`, upper-case hex and all-zero ids
    /// are invalid. `nil` for anything else: the caller starts a new trace.
    public init?(traceparent value: some StringProtocol) {
        let bytes = Array(value.utf8)
        func field(_ range: Range<Int>) -> [UInt8]? {
            Hex.decode(String(decoding: bytes[range], as: UTF8.self), lowercaseOnly: true)
        }
        guard bytes.count >= 55, bytes[2] == UInt8(ascii: "-"), bytes[35] == UInt8(ascii: "-"),
            bytes[52] == UInt8(ascii: "-"),
            let version = field(0..<2)?.first, version != 0xff,
            version != 0 || bytes.count == 55,
            bytes.count == 55 || bytes[55] == UInt8(ascii: "-"),
            let trace = field(3..<35), let span = field(36..<52), let flags = field(53..<55)?.first,
            let traceID = TraceID(bytes: trace), let spanID = SpanID(bytes: span)
        else { return nil }
        self.init(traceID: traceID, spanID: spanID, flags: flags)
    }
}

/// A trace id: 16 random bytes, not all zero.
public struct TraceID: Sendable, Hashable {
    public let high: UInt64
    public let low: UInt64

    init(random: inout some RandomNumberGenerator) {
        var (high, low) = (UInt64(0), UInt64(0))
        while high == 0 && low == 0 { (high, low) = (random.next(), random.next()) }
        (self.high, self.low) = (high, low)
    }

    init?(bytes: [UInt8]) {
        guard bytes.count == 16 else { return nil }
        let high = bytes[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let low = bytes[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard high != 0 || low != 0 else { return nil }
        (self.high, self.low) = (high, low)
    }

    /// 32 lower-case hex digits, as `traceparent`, OTLP/JSON and the logs write it.
    public var hex: String { Hex.encode(bigEndianBytes(high) + bigEndianBytes(low)) }
}

/// A span id: 8 random bytes, not all zero.
public struct SpanID: Sendable, Hashable {
    public let value: UInt64

    init(random: inout some RandomNumberGenerator) {
        var value = UInt64(0)
        while value == 0 { value = random.next() }
        self.value = value
    }

    init?(bytes: [UInt8]) {
        guard bytes.count == 8 else { return nil }
        let value = bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard value != 0 else { return nil }
        self.value = value
    }

    /// 16 lower-case hex digits.
    public var hex: String { Hex.encode(bigEndianBytes(value)) }
}

/// `value`'s 8 bytes, most significant first, as ids are written.
private func bigEndianBytes(_ value: UInt64) -> [UInt8] {
    (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * $0)) }
}
