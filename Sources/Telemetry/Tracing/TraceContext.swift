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
    public var traceparent: String { "00-\(traceID.hex)-\(spanID.hex)-\(Hex.byte(flags))" }

    public var description: String { traceparent }

    /// Reads a `traceparent` value as the W3C recommendation says: version
    /// 00 is exactly 55 characters; a later version may append fields after a
    /// `-`, which are ignored; version `ff`, upper-case hex and all-zero ids
    /// are invalid. `nil` for anything else: the caller starts a new trace.
    public init?(traceparent value: some StringProtocol) {
        let bytes = Array(value.utf8)
        guard bytes.count >= 55, bytes[2] == UInt8(ascii: "-"), bytes[35] == UInt8(ascii: "-"),
            bytes[52] == UInt8(ascii: "-"),
            let version = Hex.parseByte(bytes[0], bytes[1]), version != 0xff,
            version != 0 || bytes.count == 55,
            bytes.count == 55 || bytes[55] == UInt8(ascii: "-"),
            let trace = Hex.parse(bytes[3..<35]), let span = Hex.parse(bytes[36..<52]),
            let flags = Hex.parseByte(bytes[53], bytes[54]),
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
    public var hex: String { Hex.word(high) + Hex.word(low) }
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
    public var hex: String { Hex.word(value) }
}

/// Lower-case hex, as Trace Context requires (upper case is invalid there).
enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    static func byte(_ value: UInt8) -> String {
        String(decoding: [digits[Int(value >> 4)], digits[Int(value & 0x0f)]], as: UTF8.self)
    }

    static func word(_ value: UInt64) -> String {
        var out = [UInt8](repeating: 0, count: 16)
        for index in 0..<16 { out[index] = digits[Int((value >> UInt64(60 - 4 * index)) & 0x0f)] }
        return String(decoding: out, as: UTF8.self)
    }

    static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }

    static func parseByte(_ high: UInt8, _ low: UInt8) -> UInt8? {
        guard let high = nibble(high), let low = nibble(low) else { return nil }
        return high << 4 | low
    }

    static func parse(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        guard text.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(text.count / 2)
        var index = text.startIndex
        while index < text.endIndex {
            guard let byte = parseByte(text[index], text[index + 1]) else { return nil }
            out.append(byte)
            index += 2
        }
        return out
    }
}
