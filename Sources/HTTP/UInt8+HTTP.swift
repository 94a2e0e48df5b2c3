/// Byte classes of RFC 9110/9112, without lookup tables (no bounds checks).
extension UInt8 {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09

    /// tchar: "!#$%&'*+-.^_`|~", digits and letters, as two 64-bit masks.
    @inline(__always)
    var isTokenByte: Bool {
        if self < 64 { return (0x03FF_6CFA_0000_0000 as UInt64) >> UInt64(self) & 1 == 1 }
        if self < 128 { return (0x57FF_FFFF_C7FF_FFFE as UInt64) >> UInt64(self - 64) & 1 == 1 }
        return false
    }

    /// field-vchar, obs-text, SP or HTAB: anything but other control bytes.
    @inline(__always)
    var isFieldValueByte: Bool { self >= 0x20 ? self != 0x7F : self == .tab }

    @inline(__always)
    var decimalValue: UInt8? { self >= 0x30 && self <= 0x39 ? self - 0x30 : nil }

    @inline(__always)
    var hexValue: UInt8? {
        switch self {
        case 0x30...0x39: return self - 0x30
        case 0x41...0x46: return self - 0x41 + 10
        case 0x61...0x66: return self - 0x61 + 10
        default: return nil
        }
    }
}
