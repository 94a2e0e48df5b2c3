import Dispatch
import Foundation
import Glibc
import Synchronization
import Testing
import TestSupport

@testable import HTTP

/// Slow and hostile clients, limits, graceful stop, and curl as a real client.
@Suite("HTTPServer: resilience, limits, stop, curl", .serialized)
struct HTTPServerResilienceTests {
    /// The figure: 1,000 trickling connections (2,000 descriptors with
    /// the server's side, so the soft descriptor limit is raised to the hard one).
    static let tricklers = 1_000

    @Test func slowlorisDoesNotStopOtherClients() throws {
        try raiseDescriptorLimit(atLeast: 2 * Self.tricklers + 256)
        var configuration = HTTPServer.Configuration(host: "127.0.0.1", port: 0, loopCount: 2)
        configuration.headTimeout = .milliseconds(1500)
        try withServer(configuration) { _, port in
            let trickling = try (0..<Self.tricklers).map { _ in try TestClient(port: port) }
            let head = Array("GET /health HTTP/1.1\r\nHost: t\r\nX-Slow: ".utf8)
            let normal = try TestClient(port: port)
            var answered = 0
            for round in 0..<4 {
                for client in trickling { try client.send([head[round]]) }
                // A normal client is answered at once between the trickles.
                for _ in 0..<5 {
                    try normal.send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n")
                    if try normal.readResponse().status == 200 { answered += 1 }
                }
                usleep(500_000)
            }
            #expect(answered == 20)
            // 2 s after their first byte the tricklers' heads are overdue: 408 and close.
            var timedOut = 0
            for client in trickling {
                let response = try client.readResponse()
                if response.status == 408, response.headers["connection"] == "close" { timedOut += 1 }
            }
            #expect(timedOut == Self.tricklers)
        }
    }

    @Test func connectionsBeyondTheLimitWaitInTheBacklog() throws {
        let configuration = HTTPServer.Configuration(host: "127.0.0.1", port: 0, loopCount: 1, maxConnections: 2)
        try withServer(configuration) { server, port in
            var first: TestClient? = try TestClient(port: port)
            let second = try TestClient(port: port)
            for client in [first, second].compactMap({ $0 }) {
                try client.send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(try client.readResponse().status == 200)
            }
            // The third connects (kernel backlog) but is not served...
            let third = try TestClient(port: port, receiveTimeoutSeconds: 1)
            try third.send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(throws: TestClient.Failure.self) { try third.readResponse() }
            #expect(server.connectionsAccepted == 2, "the third connection was accepted past the limit")
            // ...until a slot frees up.
            first = nil
            #expect(try third.readResponse().status == 200)
            #expect(server.connectionsAccepted == 3)
            _ = first
        }
    }

    @Test func peerThatStopsReadingIsCutOffAfterTheWriteTimeout() throws {
        var router = HTTPRouter()
        let big = [UInt8](repeating: 0x61, count: 16 * 1024 * 1024)
        router.add("GET", "/big") { _ in HTTPResponse(status: 200, body: big) }
        router.add("GET", "/health") { _ in HTTPResponse(status: 200) }
        var configuration = HTTPServer.Configuration(host: "127.0.0.1", port: 0, loopCount: 1)
        configuration.writeTimeout = .milliseconds(300)
        try withServer(configuration, handler: router) { server, port in
            let stalled = try TestClient(port: port)
            try stalled.send("GET /big HTTP/1.1\r\nHost: t\r\n\r\n")
            // Meanwhile the loop keeps serving others.
            let other = try TestClient(port: port)
            try other.send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try other.readResponse().status == 200)
            // The server closes the stalled connection on its side; `other` stays open.
            try blockUntil("the stalled connection is closed") { server.connectionsOpen == 1 }
            var received = 0
            var chunk = [UInt8](repeating: 0, count: 1 << 20)
            while true {
                let count = chunk.withUnsafeMutableBytes { recv(stalled.fd, $0.baseAddress, $0.count, 0) }
                if count <= 0 { break }
                received += count
            }
            // The server gave up: the stream ended before the 16 MiB body.
            #expect(received > 0)
            #expect(received < big.count)
        }
    }

    @Test func stalledBodyGets408() throws {
        var configuration = HTTPServer.Configuration(host: "127.0.0.1", port: 0, loopCount: 1)
        configuration.bodyStallTimeout = .milliseconds(300)
        try withServer(configuration) { _, port in
            let client = try TestClient(port: port)
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nab")
            let response = try client.readResponse()
            #expect(response.status == 408)
            #expect(response.text.contains("request_timeout"))
            #expect(client.readsEndOfStream())
        }
    }

    /// Counts the requests that reached `inner`, so a test can wait until one is in a handler.
    final class Entered: HTTPHandler {
        let inner: any HTTPHandler
        let count = Atomic(0)

        init(_ inner: any HTTPHandler) { self.inner = inner }

        func handle(_ request: HTTPRequest, responder: HTTPResponder) {
            count.add(1, ordering: .relaxed)
            inner.handle(request, responder: responder)
        }

        var requests: Int { count.load(ordering: .relaxed) }
    }

    @Test func stopGivesUpOnAHandlerThatNeverAnswers() throws {
        struct Silent: HTTPHandler {
            func handle(_ request: HTTPRequest, responder: HTTPResponder) {}
        }
        var configuration = HTTPServer.Configuration(host: "127.0.0.1", port: 0, loopCount: 1)
        configuration.gracefulStopTimeout = .milliseconds(300)
        let silent = Entered(Silent())
        let server = HTTPServer(configuration: configuration, handler: silent)
        let port = try server.start().port
        let client = try TestClient(port: port)
        try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
        try blockUntil("the request reaches its handler") { silent.requests == 1 }
        let started = ContinuousClock.now
        server.stop()
        let elapsed = ContinuousClock.now - started
        // It waited for the request in flight, then gave up on it.
        #expect(elapsed >= .milliseconds(300), "stop did not wait for the request in flight (\(elapsed))")
        #expect(elapsed < .seconds(3))
        #expect(client.readsEndOfStream())
    }

    @Test func gracefulStopFinishesInFlightAndClosesIdle() throws {
        let routes = Entered(TestRoutes.router())
        let server = HTTPServer(configuration: .init(host: "127.0.0.1", port: 0, loopCount: 2), handler: routes)
        let port = try server.start().port
        let idle = try TestClient(port: port)
        try idle.send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try idle.readResponse().status == 200)
        let busy = try TestClient(port: port)
        try busy.send("GET /later HTTP/1.1\r\nHost: t\r\n\r\n")
        try blockUntil("the request reaches its handler") { routes.requests == 2 }
        let stopped = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            server.stop()
            stopped.signal()
        }
        let response = try busy.readResponse()
        #expect(response.status == 200)
        #expect(response.text == "later")
        #expect(response.headers["connection"] == "close")
        #expect(idle.readsEndOfStream())
        #expect(stopped.wait(timeout: .now() + 5) == .success)
        #expect(server.port == nil)
        #expect(throws: TestClient.Failure.self) { try TestClient(port: port) }
    }

    @Test func curlAsARealClient() throws {
        try withServer { _, port in
            let payload = try SharedPayload.github()
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("http-curl-\(port).json")
            try Data(payload).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let url = "http://127.0.0.1:\(port)"
            // Two requests on one connection, one of them with 100-continue.
            let output = try Self.curl([
                "-sS", "-w", "%{http_code} %{num_connects}\\n", "-o", "/dev/null", "-X", "POST",
                "--data-binary", "@\(file.path)", "-H", "Content-Type: application/json", "\(url)/hooks/github",
                "--next", "-sS", "-w", "%{http_code} %{num_connects}\\n", "-o", "/dev/null",
                "-H", "Expect: 100-continue", "--data-binary", "@\(file.path)", "\(url)/echo",
            ])
            #expect(output == "202 1\n200 0\n")
            let echoed = try Self.curl(["-sS", "--data-binary", "@\(file.path)", "\(url)/echo"])
            #expect(Array(echoed.utf8) == payload)
            let missing = try Self.curl(["-sS", "-w", "\\n%{http_code}", "\(url)/missing"])
            #expect(missing == "{\"error\": \"not_found\", \"message\": \"no route for /missing\"}\n404")
        }
    }

    static func curl(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["--max-time", "10"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

enum SharedPayload {
    static func github() throws -> [UInt8] {
        try SharedFiles.fixture("github/workflow_run.completed.failure.json")
    }
}
