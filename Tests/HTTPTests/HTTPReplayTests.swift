import Synchronization
import Testing

@testable import HTTP

/// The same request/answer table, run in process (parser + router, no
/// sockets) and against a live listener (hummingbird's `.router`/`.live`).
@Suite("Replay: in process and live", .serialized)
struct HTTPReplayTests {
    enum Mode: String, CaseIterable, Sendable { case router, live }

    struct Case: Sendable {
        let request: String
        let status: Int
        let body: String?
    }

    static let cases: [Case] = [
        Case(request: "GET /health HTTP/1.1\r\nHost: t\r\n\r\n", status: 200, body: "ok"),
        Case(request: "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello", status: 200, body: "hello"),
        Case(
            request: "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n", status: 200,
            body: "hi"),
        Case(request: "POST /hooks/github HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\n{}", status: 202, body: ""),
        Case(request: "GET /missing HTTP/1.1\r\nHost: t\r\n\r\n", status: 404, body: nil),
        Case(request: "PATCH /echo HTTP/1.1\r\nHost: t\r\n\r\n", status: 405, body: nil),
        Case(request: "GET /teapot HTTP/1.1\r\nHost: t\r\n\r\n", status: 400, body: nil),
        Case(request: "GET / HTTP/3.0\r\nHost: t\r\n\r\n", status: 505, body: nil),
        Case(request: "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: br\r\n\r\n", status: 501, body: nil),
        Case(request: "GET /health HTTP/1.1\r\n\r\n", status: 400, body: nil),
    ]

    static func inProcess(_ bytes: [UInt8]) -> HTTPResponse? {
        var parser = HTTPRequestParser()
        parser.feed(bytes)
        do {
            while true {
                switch try parser.next() {
                case .needMoreData: return nil
                case .continueExpected: continue
                case .request(let request): return HTTPRouterTests.respond(TestRoutes.router(), request)
                }
            }
        } catch {
            return error.response(closeConnection: true)
        }
    }

    @Test(arguments: Mode.allCases)
    func sameAnswersEitherWay(mode: Mode) throws {
        let results: [(Int, [UInt8])]
        switch mode {
        case .router:
            results = Self.cases.map { example in
                let response = Self.inProcess(Array(example.request.utf8))
                return (response?.status ?? 0, response?.body ?? [])
            }
        case .live:
            results = try withServer { _, port in
                try Self.cases.map { example in
                    let client = try TestClient(port: port)
                    try client.send(example.request)
                    let response = try client.readResponse()
                    return (response.status, response.body)
                }
            }
        }
        for (example, result) in zip(Self.cases, results) {
            #expect(result.0 == example.status, "\(mode): \(example.request)")
            if let body = example.body {
                #expect(result.1 == Array(body.utf8), "\(mode): \(example.request)")
            } else {
                // Every error carries the JSON error body.
                #expect(String(decoding: result.1, as: UTF8.self).hasPrefix(#"{"error": ""#), "\(mode)")
            }
        }
    }
}
