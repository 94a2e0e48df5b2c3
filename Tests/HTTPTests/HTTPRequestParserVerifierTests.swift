import Testing

@testable import HTTP

/// NIO's ByteToMessageDecoderVerifier idea: whatever the fragmentation
/// (whole, one byte at a time, odd piece sizes, many pipelined in one
/// buffer) the parser yields the same requests.
@Suite("HTTPRequestParser: fragmentation independence")
struct HTTPRequestParserVerifierTests {
    static let samples: [[UInt8]] = [
        "GET / HTTP/1.1\r\nHost: a\r\n\r\n".bytes,
        "POST /hooks/github HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"a\": [1, 2]}"
            .bytes,
        "POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n4;x=y\r\nWiki\r\n5\r\npedia\r\n0\r\nT: v\r\n\r\n".bytes,
        "PUT /x?y=z HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc".bytes,
        "\r\nDELETE /thing HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n".bytes,
        "GET /old HTTP/1.0\r\nUser-Agent: x\r\n\r\n".bytes,
    ]

    static func expected() -> [HTTPRequest] {
        samples.flatMap { ParserRun.run($0).requests }
    }

    @Test func everySampleParsesWhole() {
        for sample in Self.samples {
            let outcome = ParserRun.run(sample)
            #expect(outcome.error == nil)
            #expect(outcome.requests.count == 1)
        }
    }

    @Test(arguments: [1, 2, 3, 7, 64])
    func pipelinedInPiecesMatchesWhole(piece: Int) {
        let stream = Self.samples.flatMap { $0 }
        let outcome = ParserRun.run(stream, piece: piece)
        #expect(outcome.error == nil)
        #expect(outcome.requests == Self.expected())
        #expect(outcome.continues == 1)
    }

    @Test func manyPipelinedInOneBuffer() {
        let stream = Array(repeating: Self.samples[1], count: 500).flatMap { $0 }
        let outcome = ParserRun.run(stream)
        #expect(outcome.requests.count == 500)
        #expect(Set(outcome.requests.map { $0.body }).count == 1)
    }

    @Test func largeBodyArrivingInReadSizedPieces() throws {
        let body = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let input = "POST /big HTTP/1.1\r\nHost: a\r\nContent-Length: \(body.count)\r\n\r\n".bytes + body
        for piece in [1000, 65536] {
            let outcome = ParserRun.run(input, piece: piece)
            #expect(try #require(outcome.requests.first).body == body)
        }
    }

    @Test func chunkedBodyMatchesContentLengthBody() {
        let chunked = "POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
        let fixed = "POST /c HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nabcde"
        for piece in [0, 1, 4] {
            #expect(ParserRun.run(chunked.bytes, piece: piece).requests.first?.body
                == ParserRun.run(fixed.bytes, piece: piece).requests.first?.body)
        }
    }
}
