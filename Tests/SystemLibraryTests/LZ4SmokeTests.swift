import CLZ4
import Testing

@Suite struct LZ4SmokeTests {
    /// The linked liblz4 has the block API the payload log uses, and its
    /// compressor and decompressor agree.
    @Test func blockRoundTripThroughTheSystemLibrary() {
        #expect(LZ4_versionNumber() >= 10_900)  // Debian 12 ships 1.9.4
        let input = Array(String(repeating: #"{"url":"https://api.github.com/repos/o/r/actions/runs/1"}"#, count: 30).utf8)
        var compressed = [CChar](repeating: 0, count: Int(LZ4_compressBound(Int32(input.count))))
        let written = input.withUnsafeBytes { source in
            LZ4_compress_default(source.baseAddress?.assumingMemoryBound(to: CChar.self), &compressed,
                                 Int32(input.count), Int32(compressed.count))
        }
        #expect(written > 0 && Int(written) < input.count / 10)
        var output = [UInt8](repeating: 0, count: input.count)
        let read = output.withUnsafeMutableBytes { target in
            LZ4_decompress_safe(compressed, target.baseAddress?.assumingMemoryBound(to: CChar.self),
                                written, Int32(input.count))
        }
        #expect(Int(read) == input.count)
        #expect(output == input)
    }
}
