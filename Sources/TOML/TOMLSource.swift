/// The bytes of a document and the start of each line, to turn byte offsets
/// into line:column positions (columns in Unicode scalars).
struct TOMLSource: Sendable {
    let bytes: [UInt8]
    /// Byte offset of the first byte of each line; line 1 starts at 0.
    private let lineStarts: [Int]

    /// Every `checkpointStride` bytes, the 0-based column of that byte, so a
    /// column is found by scanning at most `checkpointStride` bytes even on
    /// a very long line (positions are computed for every value).
    private let checkpoints: [Int]
    private static let checkpointStride = 256

    init(bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        var checkpoints: [Int] = []
        checkpoints.reserveCapacity(bytes.count / Self.checkpointStride + 1)
        var column = 0
        for (offset, byte) in bytes.enumerated() {
            if offset % Self.checkpointStride == 0 { checkpoints.append(column) }
            if byte == UInt8(ascii: "\n") {
                starts.append(offset + 1)
                column = 0
            } else if byte & 0xC0 != 0x80 {
                // Count scalars: every byte that is not a UTF-8 continuation byte.
                column += 1
            }
        }
        lineStarts = starts
        self.checkpoints = checkpoints
    }

    /// The position of the byte at `offset` (clamped to the document).
    func position(_ offset: Int) -> TOMLPosition {
        let offset = min(max(offset, 0), bytes.count)
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        var index = lineStarts[low]
        var column = 0
        let checkpoint = offset / Self.checkpointStride
        if checkpoint < checkpoints.count && checkpoint * Self.checkpointStride >= index {
            index = checkpoint * Self.checkpointStride
            column = checkpoints[checkpoint]
        }
        while index < offset {
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return TOMLPosition(line: low + 1, column: column + 1)
    }

    /// The offset of the first byte that is not valid UTF-8, or nil if all are.
    /// Rejects overlong forms, surrogates and scalars above U+10FFFF.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var lowerBound: UInt8 = 0x80
            var upperBound: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lowerBound = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upperBound = 0x9F
            case 0xF0: length = 4; lowerBound = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upperBound = 0x8F
            default: return index
            }
            guard index + length <= count else { return index }
            let second = bytes[index + 1]
            guard second >= lowerBound && second <= upperBound else { return index }
            for next in 2..<length where bytes[index + next] & 0xC0 != 0x80 {
                return index
            }
            index += length
        }
        return nil
    }
}
