import Testing

@testable import HTTP

@Suite("HTTPRequestParser: valid requests")
struct HTTPRequestParserTests {
    @Test func simpleGet() throws {
        let outcome = ParserRun.run("GET /health?x=1 HTTP/1.1\r\nHost: a\r\nAccept: */*\r\n\r\n".bytes)
        let request = try #require(outcome.requests.first)
        #expect(outcome.error == nil)
        #expect(request.method == "GET")
        #expect(request.target == "/health?x=1")
        #expect(request.path == "/health")
        #expect(request.query == "x=1")
        #expect(request.version == .http11)
        #expect(request.headers["host"] == "a")
        #expect(request.headers["ACCEPT"] == "*/*")
        #expect(request.body.isEmpty)
        #expect(request.wantsKeepAlive)
    }

    @Test func headersKeepOrderCaseAndTrimmedValues() throws {
        let text = "POST /h HTTP/1.1\r\nHost: a\r\nX-B:  two words \t\r\nx-a:1\r\nX-B: again\r\nContent-Length: 0\r\n\r\n"
        let request = try #require(ParserRun.run(text.bytes).requests.first)
        #expect(request.headers.fields.map(\.name) == ["Host", "X-B", "x-a", "X-B", "Content-Length"])
        #expect(request.headers.values(for: "x-b") == ["two words", "again"])
        #expect(request.headers["X-A"] == "1")
    }

    @Test func contentLengthBodyIsKeptRaw() throws {
        let body: [UInt8] = [0x7B, 0x00, 0xFF, 0x0D, 0x0A, 0x7D]
        let input = "POST /hooks/github HTTP/1.1\r\nHost: a\r\nContent-Length: 6\r\n\r\n".bytes + body
        let request = try #require(ParserRun.run(input).requests.first)
        #expect(request.body == body)
    }

    @Test func chunkedBodyWithExtensionsAndTrailers() throws {
        let text = "POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;name=value\r\nhello\r\n1A \r\n" + String(repeating: "z", count: 26) + "\r\n"
            + "0\r\nX-Trailer: ignored\r\nX-Other: too\r\n\r\n"
        let outcome = ParserRun.run(text.bytes)
        let request = try #require(outcome.requests.first)
        #expect(request.body == ("hello" + String(repeating: "z", count: 26)).bytes)
        #expect(!request.headers.contains("X-Trailer"))
    }

    @Test func transferEncodingIsCaseInsensitive() throws {
        let text = "POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
        #expect(try #require(ParserRun.run(text.bytes).requests.first).body == "abc".bytes)
    }

    @Test func identicalContentLengthsAreAccepted() throws {
        let text = "POST /c HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 3\r\nContent-Length: 3\r\n\r\nabc"
        #expect(try #require(ParserRun.run(text.bytes).requests.first).body == "abc".bytes)
    }

    @Test func http10IsServedAndNotKeptAlive() throws {
        let request = try #require(ParserRun.run("GET / HTTP/1.0\r\n\r\n".bytes).requests.first)
        #expect(request.version == .http10)
        #expect(!request.wantsKeepAlive)
    }

    @Test func connectionCloseIsHonoured() throws {
        let text = "GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, Close\r\n\r\n"
        #expect(try #require(ParserRun.run(text.bytes).requests.first).wantsKeepAlive == false)
    }

    @Test func leadingEmptyLinesAreIgnored() throws {
        let outcome = ParserRun.run("\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n".bytes)
        #expect(outcome.requests.count == 1)
        #expect(outcome.error == nil)
    }

    @Test func expectContinueIsAnnouncedBeforeTheBody() throws {
        var parser = HTTPRequestParser()
        parser.feed("POST /e HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n".bytes)
        #expect(try parser.next() == .continueExpected)
        #expect(try parser.next() == .needMoreData)
        #expect(parser.phase == .body)
        parser.feed("ok".bytes)
        guard case .request(let request) = try parser.next() else {
            Issue.record("expected a request")
            return
        }
        #expect(request.body == "ok".bytes)
        #expect(parser.phase == .idle)
    }

    @Test func expectContinueWithoutBodyIsNotAnnounced() {
        let outcome = ParserRun.run("GET / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n".bytes)
        #expect(outcome.continues == 0)
        #expect(outcome.requests.count == 1)
    }

    @Test func expectContinueTooLargeIsRefusedBeforeTheBody() {
        let error = ParserRun.error(
            "POST /e HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 2000\r\n\r\n",
            configuration: .init(maxBodyBytes: 1000))
        #expect(error?.status == 413)
    }

    @Test func phaseFollowsTheRequest() throws {
        var parser = HTTPRequestParser()
        #expect(parser.phase == .idle)
        parser.feed("GET / HT".bytes)
        #expect(try parser.next() == .needMoreData)
        #expect(parser.phase == .head)
        parser.feed("TP/1.1\r\nHost: a\r\n\r\n".bytes)
        guard case .request = try parser.next() else {
            Issue.record("expected a request")
            return
        }
        #expect(parser.phase == .idle)
        #expect(parser.bufferedByteCount == 0)
    }

    @Test func bodyAtTheLimitIsAccepted() throws {
        let body = [UInt8](repeating: 0x61, count: 1000)
        let input = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\r\n\r\n".bytes + body
        let outcome = ParserRun.run(input, configuration: .init(maxBodyBytes: 1000))
        #expect(outcome.requests.first?.body == body)
    }

    @Test func headAtTheLimitIsAccepted() throws {
        let head = "GET / HTTP/1.1\r\nHost: a\r\nX: "
        let filler = String(repeating: "v", count: 200 - head.utf8.count - 4)
        let outcome = ParserRun.run((head + filler + "\r\n\r\n").bytes, configuration: .init(maxHeadBytes: 200))
        #expect(outcome.requests.count == 1)
        let over = ParserRun.run((head + filler + "v\r\n\r\n").bytes, configuration: .init(maxHeadBytes: 200))
        #expect(over.error?.status == 431)
    }

    @Test func errorsRepeatOnceFailed() {
        var parser = HTTPRequestParser()
        parser.feed("BAD\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n".bytes)
        #expect(throws: HTTPError.self) { try parser.next() }
        #expect(throws: HTTPError.self) { try parser.next() }
    }

    @Test func errorBodyIsJSON() {
        let body = HTTPErrorBody.render(error: "bad_request", message: "quote \" slash \\ nl \n ctl \u{1}")
        #expect(String(decoding: body, as: UTF8.self)
            == #"{"error": "bad_request", "message": "quote \" slash \\ nl \n ctl \u0001"}"#)
        let response = HTTPError(.bodyTooLarge, "too big").response(closeConnection: true)
        #expect(response.status == 413)
        #expect(response.closeConnection)
        #expect(response.headers["content-type"] == "application/json")
    }
}
