import Foundation
import TestSupport
import Testing
import Webhooks
import Telemetry

@Suite struct CryptoTests {
    @Test func hmacMatchesGitHubsPublishedVector() throws {
        let payload = try SharedFiles.fixture("github/hmac-test-vector.payload.txt")
        #expect(payload.count == 13)
        #expect(
            Kit.hmacHex("It's a Secret to Everybody", payload)
                == "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")
    }

    @Test func sha256MatchesFIPSVector() {
        #expect(
            Digest.sha256Hex(Array("abc".utf8))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            Digest.sha256Hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func hmacWithEmptyKeyAndMessageMatchesRFC4231Style() {
        // HMAC-SHA256("", "") is a well-known constant.
        #expect(
            Kit.hmacHex("", []) == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }

    @Test func hexRoundTripsAndRejectsBadDigits() {
        let bytes: [UInt8] = [0x00, 0x0F, 0xA5, 0xFF]
        #expect(Hex.encode(bytes) == "000fa5ff")
        #expect(Hex.decode("000fa5ff") == bytes)
        #expect(Hex.decode("000FA5FF") == bytes)
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
        #expect(Hex.decode("") == [])
    }

    @Test func constantTimeEqualsComparesContentAndLength() {
        #expect(ConstantTime.equals([1, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTime.equals([9, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equals([1, 2], [1, 2, 3]))
        #expect(ConstantTime.equals([], []))
    }

    @Test func signingKeyNeverPrintsItself() throws {
        let key = try #require(StandardWebhooksSignature.Key(Secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")))
        #expect("\(key)" == "***")
        var dumped = ""
        dump(key, to: &dumped)
        #expect(!dumped.contains("MfKQ"))
    }
}

@Suite struct FormURLEncodedTests {
    @Test func decodesPairsPlusAndPercentEscapes() throws {
        let pairs = try FormURLEncoded.decode(Array("a=1&b=two+words&c=%2Fbug%20x&d&&e=".utf8))
        #expect(pairs.map(\.name) == ["a", "b", "c", "d", "e"])
        #expect(pairs.map(\.value) == ["1", "two words", "/bug x", "", ""])
    }

    @Test func decodesUTF8Escapes() throws {
        #expect(try FormURLEncoded.value(of: "t", in: Array("t=caf%C3%A9".utf8)) == "café")
    }

    @Test func literalPlusIsEncodedAsPercent2B() throws {
        #expect(try FormURLEncoded.value(of: "t", in: Array("t=1%2B1".utf8)) == "1+1")
    }

    @Test func rejectsMalformedEscapeWithOffset() {
        #expect(throws: FormURLEncoded.DecodingError(reason: .malformedPercentEscape, offset: 4)) {
            try FormURLEncoded.decode(Array("a=1&%zz=2".utf8))
        }
        #expect(throws: FormURLEncoded.DecodingError(reason: .malformedPercentEscape, offset: 2)) {
            try FormURLEncoded.decode(Array("a=%4".utf8))
        }
    }

    @Test func rejectsInvalidUTF8() {
        #expect(throws: FormURLEncoded.DecodingError(reason: .invalidUTF8, offset: 2)) {
            try FormURLEncoded.decode(Array("a=%FF%FE".utf8))
        }
    }

    @Test func testKitEncoderRoundTrips() throws {
        let text = "{\"a\": \"b&c=d+e %\", \"é\": 1}\n"
        #expect(try FormURLEncoded.value(of: "p", in: Array(("p=" + Kit.formEncode(text)).utf8)) == text)
    }
}
