import CCrypto
import TestSupport
import Testing

@Suite struct CryptoSmokeTests {
    /// GitHub's published vector (../shared/fixtures/PROTOCOLS.md, section F).
    @Test func hmacSHA256MatchesGitHubsPublishedVector() throws {
        let payload = try SharedFiles.fixture("github/hmac-test-vector.payload.txt")
        let key = Array("It's a Secret to Everybody".utf8)
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let result = key.withUnsafeBufferPointer { keyBuffer in
            payload.withUnsafeBufferPointer { body in
                HMAC(EVP_sha256(), keyBuffer.baseAddress, Int32(keyBuffer.count),
                     body.baseAddress, body.count, &digest, &length)
            }
        }
        #expect(result != nil)
        let hex = digest.prefix(Int(length)).map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
        }.joined()
        #expect(hex == "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")
    }
}
