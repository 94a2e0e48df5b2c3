import Testing

@testable import HTTP
import TestSupport

/// Seeded random mutations of valid requests: the parser must never crash,
/// never loop without progress, and always end in a request, a typed error
/// or a request for more data, identically whole and in pieces.
@Suite("HTTPRequestParser: fuzzing")
struct HTTPRequestParserFuzzTests {

    static let interesting: [UInt8] = Array("\r\n :;,0123456789abcdefABCDEF-+\t\0\u{7F}".utf8) + [0x80, 0xFF]
    static let tokens: [String] = [
        "\r\n", "Content-Length: ", "Transfer-Encoding: chunked\r\n", "Expect: 100-continue\r\n", " ",
        "HTTP/1.1", "0\r\n\r\n", "ffffffff", "Host: b\r\n", "\r\n\r\n",
    ]

    static func mutate(_ input: [UInt8], _ random: inout SeededGenerator) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<6, using: &random) {
            case 0 where !bytes.isEmpty: bytes[position] = UInt8.random(in: 0...255, using: &random)
            case 1 where !bytes.isEmpty: bytes[position] = interesting.randomElement(using: &random) ?? 0
            case 2 where !bytes.isEmpty: bytes.remove(at: position)
            case 3: bytes.insert(contentsOf: (tokens.randomElement(using: &random) ?? "").utf8, at: position)
            case 4 where !bytes.isEmpty:
                let end = min(bytes.count, position + Int.random(in: 1...32, using: &random))
                bytes.insert(contentsOf: bytes[position..<end], at: position)
            default: bytes.insert(interesting.randomElement(using: &random) ?? 0, at: position)
            }
        }
        return bytes
    }

    @Test func thousandsOfMutationsNeverCrashOrHang() {
        var random = SeededGenerator(state: 0x5EED_0001)
        let seeds = HTTPRequestParserVerifierTests.samples
        var outcomes = [0, 0, 0]  // requests, errors, incomplete
        let configuration = HTTPRequestParser.Configuration(maxHeadBytes: 2048, maxBodyBytes: 4096)
        for round in 0..<4000 {
            let seed = seeds[round % seeds.count] + seeds[(round / 7) % seeds.count]
            let input = Self.mutate(seed, &random)
            let whole = ParserRun.run(input, configuration: configuration)
            let piece = Int.random(in: 1...9, using: &random)
            let pieces = ParserRun.run(input, piece: piece, configuration: configuration)
            // The same requests come out, and the same error status if any.
            #expect(whole.requests == pieces.requests, "round \(round)")
            #expect(whole.error?.status == pieces.error?.status, "round \(round)")
            if whole.error != nil {
                outcomes[1] += 1
                #expect([400, 413, 417, 431, 501, 505].contains(whole.error?.status ?? 0))
            } else if whole.requests.isEmpty {
                outcomes[2] += 1
            } else {
                outcomes[0] += 1
            }
        }
        // The mutations must exercise both paths, or the test proves nothing.
        #expect(outcomes[0] > 100)
        #expect(outcomes[1] > 100)
    }
}
