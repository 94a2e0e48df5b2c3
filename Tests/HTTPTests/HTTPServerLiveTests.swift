import Foundation
import Glibc
import Testing

@testable import HTTP

/// Against a running listener on 127.0.0.1, port 0.
@Suite("HTTPServer: live sockets", .serialized)
struct HTTPServerLiveTests {
    @Test func keepAliveReusesTheConnection() throws {
        try withServer { _, port in
            let client = try TestClient(port: port)
            for _ in 0..<3 {
                try client.send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n")
                let response = try client.readResponse()
                #expect(response.status == 200)
                #expect(response.text == "ok")
                #expect(response.headers["connection"] == "keep-alive")
                #expect(response.headers["content-length"] == "2")
                #expect(response.headers["date"]?.hasSuffix(" GMT") == true)
            }
        }
    }

    @Test func rawBytesOneAtATime() throws {
        try withServer { _, port in
            let client = try TestClient(port: port)
            let request = "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 11\r\n\r\nhello world"
            for byte in request.utf8 {
                try client.send([byte])
                usleep(500)
            }
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.text == "hello world")
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        try withServer { _, port in
            let client = try TestClient(port: port)
            var batch = ""
            for index in 0..<12 {
                switch index % 3 {
                case 0: batch += "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: \(String(index).utf8.count)\r\n\r\n\(index)"
                case 1: batch += "GET /later HTTP/1.1\r\nHost: t\r\n\r\n"
                default: batch += "GET /health HTTP/1.1\r\nHost: t\r\n\r\n"
                }
            }
            try client.send(batch)
            for index in 0..<12 {
                let response = try client.readResponse()
                #expect(response.status == 200)
                switch index % 3 {
                case 0: #expect(response.text == "\(index)")
                case 1: #expect(response.text == "later")
                default: #expect(response.text == "ok")
                }
            }
        }
    }

    @Test func chunkedRequestBody() throws {
        try withServer { _, port in
            let client = try TestClient(port: port)
            try client.send(
                "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n")
            #expect(try client.readResponse().text == "Wikipedia")
        }
    }

    @Test func expectContinueIsAnsweredBeforeTheBody() throws {
        try withServer { _, port in
            let client = try TestClient(port: port)
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
            #expect(try client.readResponse().status == 100)
            try client.send("body")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.text == "body")
        }
    }

    @Test func oversizeBodyIsRefusedBeforeItIsSent() throws {
        var configuration = HTTPServer.Configuration(host: "127.0.0.1", port: 0, loopCount: 1)
        configuration.parser.maxBodyBytes = 1000
        try withServer(configuration) { _, port in
            let client = try TestClient(port: port)
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5000\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 413)
            #expect(response.headers["connection"] == "close")
            #expect(response.text.contains(#""error": "payload_too_large""#))
            #expect(client.readsEndOfStream())
        }
    }

    @Test func oversizeBodySentAnywayStillGets413() throws {
        var configuration = HTTPServer.Configuration(host: "127.0.0.1", port: 0, loopCount: 1)
        configuration.parser.maxBodyBytes = 1000
        try withServer(configuration) { _, port in
            let client = try TestClient(port: port)
            try client.send(
                "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 50000\r\n\r\n" + String(repeating: "x", count: 50000))
            #expect(try client.readResponse().status == 413)
        }
    }

    @Test func malformedRequestGets400AndClose() throws {
        try withServer { _, port in
            let client = try TestClient(port: port)
            try client.send("GET / HTTP/1.1\r\nHost: t\r\nX: a\r\n b\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 400)
            #expect(response.headers["content-type"] == "application/json")
            #expect(response.text.hasPrefix(#"{"error": "bad_request", "message": "#))
            #expect(client.readsEndOfStream())
        }
    }

    @Test func unknownPathAndWrongMethod() throws {
        try withServer { _, port in
            let client = try TestClient(port: port)
            try client.send("GET /nope HTTP/1.1\r\nHost: t\r\n\r\nDELETE /health HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().status == 404)
            let wrong = try client.readResponse()
            #expect(wrong.status == 405)
            #expect(wrong.headers["allow"] == "GET, HEAD")
        }
    }

    @Test func connectionCloseAndHTTP10AreClosedAfterTheAnswer() throws {
        try withServer { _, port in
            for request in [
                "GET /health HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", "GET /health HTTP/1.0\r\n\r\n",
                "GET /close HTTP/1.1\r\nHost: t\r\n\r\n",
            ] {
                let client = try TestClient(port: port)
                try client.send(request)
                let response = try client.readResponse()
                #expect(response.status == 200)
                #expect(response.headers["connection"] == "close")
                #expect(client.readsEndOfStream())
            }
        }
    }

    @Test func halfClosedClientStillGetsItsAnswers() throws {
        try withServer { _, port in
            let client = try TestClient(port: port)
            try client.send("GET /health HTTP/1.1\r\nHost: t\r\n\r\nGET /later HTTP/1.1\r\nHost: t\r\n\r\n")
            client.shutdownWrite()
            #expect(try client.readResponse().text == "ok")
            let later = try client.readResponse()
            #expect(later.text == "later")
            #expect(later.headers["connection"] == "close")
            #expect(client.readsEndOfStream())
        }
    }

    @Test func abortDropsTheConnectionWithoutAnswer() throws {
        try withServer { _, port in
            let client = try TestClient(port: port)
            try client.send("GET /abort HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(client.readsEndOfStream())
        }
    }

    @Test func asyncHandlersAnswerFromOtherThreads() async throws {
        // Blocking reads stay off the cooperative pool the AsyncHTTPHandler's
        // task needs (on a loaded 2-core machine the pool may be 2 threads).
        let texts = try await offThePool {
            try withServer { _, port in
                let client = try TestClient(port: port)
                try client.send("GET /async HTTP/1.1\r\nHost: t\r\n\r\n")
                let first = try client.readResponse().text
                try client.send("GET /later HTTP/1.1\r\nHost: t\r\n\r\n")
                return [first, try client.readResponse().text]
            }
        }
        #expect(texts == ["async /async", "later"])
    }

    @Test func headResponseHasLengthButNoBody() throws {
        try withServer { _, port in
            let client = try TestClient(port: port)
            try client.send("HEAD /health HTTP/1.1\r\nHost: t\r\n\r\nGET /health HTTP/1.1\r\nHost: t\r\n\r\n")
            // The test client reads Content-Length bytes; a HEAD answer has none,
            // so read it by hand: the next response must start right after.
            var head = ""
            while !head.hasSuffix("\r\n\r\n") {
                var byte: UInt8 = 0
                guard recv(client.fd, &byte, 1, 0) == 1 else { break }
                head += String(UnicodeScalar(byte))
            }
            #expect(head.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(head.contains("Content-Length: 2\r\n"))
            #expect(try client.readResponse().text == "ok")
        }
    }

    @Test func ipv6LoopbackWhenAvailable() throws {
        let server = HTTPServer(configuration: .init(host: "::1", port: 0, loopCount: 1), handler: TestRoutes.router())
        defer { server.stop() }
        do {
            let address = try server.start()
            #expect(address.isIPv6)
            #expect(address.host == "::1")
            let client = try TestClient(port: address.port, host: "::1")
            try client.send("GET /health HTTP/1.1\r\nHost: [::1]\r\n\r\n")
            #expect(try client.readResponse().status == 200)
        } catch let error as IOError {
            // No IPv6 on this machine: the failure must say so precisely.
            #expect([EADDRNOTAVAIL, EAFNOSUPPORT, EINVAL].contains(error.errno), "\(error)")
        }
    }

    @Test func portZeroReportsTheBoundPort() throws {
        try withServer { server, port in
            #expect(port > 0)
            #expect(server.port == port)
            #expect(server.localAddress?.host == "127.0.0.1")
        }
    }

    @Test(arguments: [1, 2])
    func bindingATakenPortFailsPrecisely(loops: Int) throws {
        try withServer { _, port in
            // Even with SO_REUSEPORT on both sides, the second server must not share the port.
            let second = HTTPServer(
                configuration: .init(host: "127.0.0.1", port: port, loopCount: loops), handler: HTTPRouter())
            #expect(throws: IOError(errno: EADDRINUSE, call: "bind")) { try second.start() }
        }
    }

    @Test func abortCanResetTheConnection() throws {
        let configuration = HTTPServer.Configuration(host: "127.0.0.1", port: 0, loopCount: 1, abortResetsConnection: true)
        try withServer(configuration) { _, port in
            let client = try TestClient(port: port)
            try client.send("GET /abort HTTP/1.1\r\nHost: t\r\n\r\n")
            var byte: UInt8 = 0
            let count = recv(client.fd, &byte, 1, 0)
            #expect(count == -1 && errno == ECONNRESET)
        }
    }

    @Test func idleKeepAliveConnectionIsClosed() throws {
        let configuration = HTTPServer.Configuration(
            host: "127.0.0.1", port: 0, loopCount: 1, idleTimeout: .milliseconds(300))
        try withServer(configuration) { _, port in
            let client = try TestClient(port: port)
            try client.send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().status == 200)
            // Within the 5 s receive timeout, the server closes the idle connection.
            #expect(client.readsEndOfStream())
        }
    }
}
