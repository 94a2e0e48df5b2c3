import Synchronization
import Testing

@testable import HTTP

/// The router called directly, no sockets (the live suite replays these
/// routes over TCP).
@Suite("HTTPRouter in process")
struct HTTPRouterTests {
    /// Calls the handler and returns what it answered synchronously.
    static func respond(_ handler: any HTTPHandler, _ request: HTTPRequest) -> HTTPResponse? {
        let box = Mutex<HTTPResponse?>(nil)
        handler.handle(request, responder: HTTPResponder { response in box.withLock { $0 = response } })
        return box.withLock { $0 }
    }

    @Test func exactPathRoutesByMethod() throws {
        let router = TestRoutes.router()
        let ok = try #require(Self.respond(router, HTTPRequest(method: "GET", target: "/health?verbose=1")))
        #expect(ok.status == 200)
        let echo = try #require(Self.respond(router, HTTPRequest(method: "POST", target: "/echo", body: [1, 2])))
        #expect(echo.body == [1, 2])
        #expect(echo.headers["x-method"] == "POST")
    }

    @Test func unknownPathIs404WithJSON() throws {
        let response = try #require(Self.respond(TestRoutes.router(), HTTPRequest(method: "GET", target: "/health/")))
        #expect(response.status == 404)
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"error": "not_found", "message": "no route for /health/"}"#)
    }

    @Test func wrongMethodIs405WithAllow() throws {
        var router = HTTPRouter()
        router.add("POST", "/x") { _ in HTTPResponse(status: 200) }
        router.add("PUT", "/x") { _ in HTTPResponse(status: 200) }
        let response = try #require(Self.respond(router, HTTPRequest(method: "GET", target: "/x")))
        #expect(response.status == 405)
        #expect(response.headers["allow"] == "POST, PUT")
    }

    @Test func headFallsBackToGet() throws {
        let response = try #require(Self.respond(TestRoutes.router(), HTTPRequest(method: "HEAD", target: "/health")))
        #expect(response.status == 200)
    }

    @Test func thrownErrorsBecomeTheirResponse() throws {
        let thrown = try #require(Self.respond(TestRoutes.router(), HTTPRequest(method: "GET", target: "/teapot")))
        #expect(thrown.status == 400)
        struct Opaque: Error {}
        var router = HTTPRouter()
        router.add("GET", "/boom") { _ in throw Opaque() }
        let opaque = try #require(Self.respond(router, HTTPRequest(method: "GET", target: "/boom")))
        #expect(opaque.status == 500)
        #expect(String(decoding: opaque.body, as: UTF8.self).contains("internal_error"))
    }
}

@Suite("ResponseWriter")
struct ResponseWriterTests {
    static func render(_ response: HTTPResponse, close: Bool = false, head: Bool = false) -> String {
        var writer = ResponseWriter()
        var out: [UInt8] = []
        writer.append(response, close: close, headRequest: head, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func addsLengthDateAndConnection() {
        let text = Self.render(HTTPResponse(status: 202, headers: ["X-A": "1"], body: Array("hi".utf8)))
        #expect(text.hasPrefix("HTTP/1.1 202 Accepted\r\nX-A: 1\r\nContent-Length: 2\r\nDate: "))
        #expect(text.hasSuffix(" GMT\r\nConnection: keep-alive\r\n\r\nhi"))
        #expect(Self.render(HTTPResponse(status: 200), close: true).contains("\r\nConnection: close\r\n\r\n"))
    }

    @Test func serverOwnsFramingHeadersAndSanitisesValues() {
        let response = HTTPResponse(
            status: 200, headers: ["Content-Length": "99", "Transfer-Encoding": "chunked", "X-Bad": "a\r\nInjected: 1"],
            body: Array("abc".utf8))
        let text = Self.render(response)
        #expect(!text.contains("99"))
        #expect(!text.contains("chunked"))
        #expect(text.contains("X-Bad: a  Injected: 1\r\n"))
        #expect(text.contains("Content-Length: 3\r\n"))
    }

    @Test func noBodyForHeadAnd204() {
        let head = Self.render(HTTPResponse(status: 200, body: Array("abc".utf8)), head: true)
        #expect(head.contains("Content-Length: 3\r\n"))
        #expect(head.hasSuffix("\r\n\r\n"))
        let empty = Self.render(HTTPResponse(status: 204, body: Array("abc".utf8)))
        #expect(!empty.contains("Content-Length"))
        #expect(empty.hasSuffix("\r\n\r\n"))
    }

    @Test func dateIsIMFFixdate() {
        #expect(String(decoding: DateCache.format(784_111_777), as: UTF8.self) == "Sun, 06 Nov 1994 08:49:37 GMT")
    }

    @Test func decimalsAreWrittenExactly() {
        for value in [0, 7, 10, 99, 12345, 1_048_576, Int.max] {
            var out: [UInt8] = []
            ResponseWriter.appendDecimal(value, to: &out)
            #expect(String(decoding: out, as: UTF8.self) == String(value))
        }
    }
}
