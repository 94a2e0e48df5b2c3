@testable import JSON
import Testing

/// `PlainRun.end` lands exactly on the first byte a string scanner must look at.
@Suite struct PlainRunTests {
    static func isSpecial(_ byte: UInt8) -> Bool { byte == 0x22 || byte == 0x5C || byte < 0x20 || byte >= 0x80 }

    @Test func findsEverySpecialByteAtEveryPosition() {
        var wrong: [String] = []
        for byte in UInt8.min...UInt8.max where Self.isSpecial(byte) {
            for length in 1...24 {
                for at in 0..<length {
                    // Plain bytes around the special one, including the bytes
                    // just above and below the thresholds (0x20, 0x21, 0x23, 0x7F).
                    var bytes = (0..<length).map { [0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7F, 0x61][$0 % 7] as UInt8 }
                    bytes[at] = byte
                    if at + 1 < length { bytes[at + 1] = 0x22 }  // a later special must not hide it
                    let end = bytes.withUnsafeBufferPointer { PlainRun.end(in: $0, from: 0) }
                    // Exact, or stopped in the last 7 bytes no later than the special one.
                    let fine = end == at || (end <= at && end > length - 8)
                    if !fine { wrong.append("byte \(byte) at \(at) of \(length): \(end)") }
                }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(5))")
    }

    @Test func skipsPlainBytesToTheTail() {
        let bytes = [UInt8](repeating: 0x61, count: 37)
        let end = bytes.withUnsafeBufferPointer { PlainRun.end(in: $0, from: 3) }
        #expect(end > 37 - 8 && end <= 37)
        #expect(bytes.withUnsafeBufferPointer { PlainRun.end(in: $0, from: 0) } == 32)
    }
}
