import Testing

@testable import HTTP

/// Every malformed or hostile input, with the status it must be answered
/// with. Each also runs one byte at a time: the error must not depend on
/// fragmentation.
@Suite("HTTPRequestParser: errors and smuggling defences")
struct HTTPRequestParserErrorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let input: String
        let status: Int
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        // Request line
        Case(name: "missing target", input: "GET HTTP/1.1\r\nHost: a\r\n\r\n", status: 400),
        Case(name: "double space", input: "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", status: 400),
        Case(name: "lowercase version", input: "GET / http/1.1\r\nHost: a\r\n\r\n", status: 400),
        Case(name: "garbage version", input: "GET / HTTP/1.x\r\nHost: a\r\n\r\n", status: 400),
        Case(name: "trailing space after version", input: "GET / HTTP/1.1 \r\nHost: a\r\n\r\n", status: 400),
        Case(name: "method with separator", input: "G(T / HTTP/1.1\r\nHost: a\r\n\r\n", status: 400),
        Case(name: "control byte in target", input: "GET /a\u{1}b HTTP/1.1\r\nHost: a\r\n\r\n", status: 400),
        Case(name: "HTTP/2.0", input: "GET / HTTP/2.0\r\nHost: a\r\n\r\n", status: 505),
        Case(name: "HTTP/1.2", input: "GET / HTTP/1.2\r\nHost: a\r\n\r\n", status: 505),
        Case(name: "HTTP/0.9", input: "GET / HTTP/0.9\r\nHost: a\r\n\r\n", status: 505),
        // Line ends and fields
        Case(name: "bare LF line end", input: "GET / HTTP/1.1\nHost: a\r\n\r\n", status: 400),
        Case(name: "bare CR in value", input: "GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n", status: 400),
        Case(name: "obs-fold", input: "GET / HTTP/1.1\r\nHost: a\r\nX: one\r\n two\r\n\r\n", status: 400),
        Case(name: "obs-fold with tab", input: "GET / HTTP/1.1\r\nHost: a\r\nX: one\r\n\ttwo\r\n\r\n", status: 400),
        Case(name: "space before colon", input: "GET / HTTP/1.1\r\nHost : a\r\n\r\n", status: 400),
        Case(name: "no colon", input: "GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n", status: 400),
        Case(name: "empty name", input: "GET / HTTP/1.1\r\nHost: a\r\n: v\r\n\r\n", status: 400),
        Case(name: "NUL in value", input: "GET / HTTP/1.1\r\nHost: a\r\nX: a\u{0}b\r\n\r\n", status: 400),
        Case(name: "DEL in value", input: "GET / HTTP/1.1\r\nHost: a\r\nX: a\u{7F}b\r\n\r\n", status: 400),
        Case(name: "missing Host on 1.1", input: "GET / HTTP/1.1\r\nX: a\r\n\r\n", status: 400),
        Case(name: "two Host fields", input: "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", status: 400),
        // Framing and smuggling (RFC 9112 §6)
        Case(
            name: "CL and TE",
            input: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            status: 400),
        Case(
            name: "TE and CL",
            input: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n",
            status: 400),
        Case(
            name: "conflicting CL fields",
            input: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcde", status: 400),
        Case(name: "conflicting CL list", input: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4, 5\r\n\r\nabcde", status: 400),
        Case(name: "signed CL", input: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +4\r\n\r\nabcd", status: 400),
        Case(name: "negative CL", input: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", status: 400),
        Case(name: "hex CL", input: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x4\r\n\r\nabcd", status: 400),
        Case(name: "empty CL", input: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: \r\n\r\n", status: 400),
        Case(name: "CL with inner space", input: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1 2\r\n\r\n", status: 400),
        Case(
            name: "TE chunked twice",
            input: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n", status: 400),
        Case(
            name: "TE split chunked twice",
            input: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            status: 400),
        Case(name: "TE on HTTP/1.0", input: "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", status: 400),
        Case(name: "TE empty", input: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: ,\r\n\r\n", status: 400),
        Case(name: "TE gzip", input: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", status: 501),
        Case(
            name: "TE gzip then chunked",
            input: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", status: 501),
        Case(
            name: "TE chunked then identity",
            input: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, identity\r\n\r\n", status: 501),
        Case(name: "TE xchunked", input: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: xchunked\r\n\r\n", status: 501),
        // Chunked body
        Case(name: "chunk size not hex", input: chunked("zz\r\nab\r\n0\r\n\r\n"), status: 400),
        Case(name: "chunk size empty", input: chunked("\r\nab\r\n0\r\n\r\n"), status: 400),
        Case(name: "chunk size negative", input: chunked("-2\r\nab\r\n0\r\n\r\n"), status: 400),
        Case(name: "chunk size with 0x", input: chunked("0x2\r\nab\r\n0\r\n\r\n"), status: 400),
        Case(name: "chunk data too long", input: chunked("2\r\nabc\r\n0\r\n\r\n"), status: 400),
        Case(name: "chunk size bare LF", input: chunked("2\nab\r\n0\r\n\r\n"), status: 400),
        Case(name: "chunk size overflow", input: chunked("FFFFFFFFFFFFFFFFF\r\nab\r\n0\r\n\r\n"), status: 413),
        Case(name: "trailer bare LF", input: chunked("0\r\nX: y\n\r\n"), status: 400),
        // Limits
        Case(name: "CL over limit", input: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1048577\r\n\r\n", status: 413),
        Case(
            name: "CL beyond Int", input: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n",
            status: 413),
        Case(name: "chunks over limit", input: chunked("100001\r\n") + String(repeating: "a", count: 10), status: 413),
        Case(
            name: "head over 16 KiB",
            input: "GET / HTTP/1.1\r\nHost: a\r\nX: " + String(repeating: "a", count: 16 * 1024) + "\r\n\r\n", status: 431),
        Case(name: "request line over 16 KiB", input: "GET /" + String(repeating: "a", count: 17 * 1024), status: 431),
        Case(
            name: "too many fields",
            input: "GET / HTTP/1.1\r\nHost: a\r\n" + String(repeating: "X: y\r\n", count: 100) + "\r\n", status: 431),
        Case(
            name: "trailers over 16 KiB",
            input: chunked("0\r\n" + String(repeating: "X: yyyyyyyyyyyyyyyyyy\r\n", count: 800)), status: 431),
        // Expectations
        Case(
            name: "unknown expectation",
            input: "POST / HTTP/1.1\r\nHost: a\r\nExpect: 200-ok\r\nContent-Length: 1\r\n\r\na", status: 417),
    ]

    static func chunked(_ body: String) -> String {
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n" + body
    }

    @Test(arguments: cases)
    func rejected(_ example: Case) {
        let whole = ParserRun.run(example.input.bytes)
        #expect(whole.error?.status == example.status, "whole: \(String(describing: whole.error))")
        #expect(whole.requests.isEmpty)
        let trickled = ParserRun.run(example.input.bytes, piece: 1)
        #expect(trickled.error?.status == example.status, "byte at a time: \(String(describing: trickled.error))")
    }

    @Test func smuggledSecondRequestIsNeverParsed() {
        // A CL.TE attack: a front end trusting Content-Length would forward
        // "GET /admin" as part of the body; we refuse the whole message.
        let attack = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nG"
            + "GET /admin HTTP/1.1\r\nHost: a\r\n\r\n"
        let outcome = ParserRun.run(attack.bytes)
        #expect(outcome.error?.status == 400)
        #expect(outcome.requests.isEmpty)
    }

    @Test func oversizeBodyIsRefusedWithoutReadingIt() throws {
        var parser = HTTPRequestParser(configuration: .init(maxBodyBytes: 10))
        parser.feed("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n".bytes)
        #expect(throws: HTTPError(.bodyTooLarge, "body exceeds the limit of 10 bytes")) { try parser.next() }
    }
}
