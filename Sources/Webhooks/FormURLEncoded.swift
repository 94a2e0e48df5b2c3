import Telemetry

/// `application/x-www-form-urlencoded` decoding (WHATWG URL standard §5):
/// `&`-separated `name=value` pairs, `+` is a space, `%XX` a byte, and the
/// result must be UTF-8.
package enum FormURLEncoded {
    /// Why a form body could not be decoded; `offset` is a byte offset in the body.
    package struct DecodingError: Error, Sendable, Equatable, CustomStringConvertible {
        package enum Reason: Sendable, Equatable {
            case malformedPercentEscape
            case invalidUTF8
        }

        package let reason: Reason
        package let offset: Int

        package init(reason: Reason, offset: Int) {
            self.reason = reason
            self.offset = offset
        }

        package var description: String {
            switch reason {
            case .malformedPercentEscape: return "malformed percent-escape at byte \(offset) (expected %XX)"
            case .invalidUTF8: return "the value at byte \(offset) is not valid UTF-8 once percent-decoded"
            }
        }
    }

    /// The pairs of `bytes` in order. Empty segments (`a=1&&b=2`) are
    /// skipped; a segment without `=` is a name with an empty value.
    package static func decode(_ bytes: some Collection<UInt8>) throws(DecodingError) -> [(name: String, value: String)] {
        let bytes = Array(bytes)
        var pairs: [(name: String, value: String)] = []
        var start = 0
        while start <= bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "&") { end += 1 }
            if end > start {
                var equals = start
                while equals < end, bytes[equals] != UInt8(ascii: "=") { equals += 1 }
                let name = try decodeComponent(bytes, start..<equals)
                let value = equals < end ? try decodeComponent(bytes, (equals + 1)..<end) : ""
                pairs.append((name, value))
            }
            start = end + 1
        }
        return pairs
    }

    /// The value of the first pair named `name`, or `nil`.
    package static func value(of name: String, in bytes: some Collection<UInt8>) throws(DecodingError) -> String? {
        try decode(bytes).first { $0.name == name }?.value
    }

    private static func decodeComponent(_ bytes: [UInt8], _ range: Range<Int>) throws(DecodingError) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "+"):
                out.append(UInt8(ascii: " "))
                index += 1
            case UInt8(ascii: "%"):
                guard index + 2 < range.upperBound,
                    let decoded = Hex.decode(String(decoding: bytes[(index + 1)...(index + 2)], as: UTF8.self))
                else { throw DecodingError(reason: .malformedPercentEscape, offset: index) }
                out.append(decoded[0])
                index += 3
            default:
                out.append(byte)
                index += 1
            }
        }
        guard let text = String(validating: out, as: UTF8.self) else {
            throw DecodingError(reason: .invalidUTF8, offset: range.lowerBound)
        }
        return text
    }
}
