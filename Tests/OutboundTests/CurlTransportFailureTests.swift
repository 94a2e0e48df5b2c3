import Foundation
import Glibc
import Outbound
import Testing
import TestSupport

@Suite(.serialized) struct CurlTransportFailureTests {
    /// A port nothing listens on: bound, then closed.
    private func closedPort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        var address = TestHTTPServer.loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        try #require(bound)
        return UInt16(bigEndian: address.sin_port)
    }

    private func failure(_ result: Result<OutboundResponse, TransportFailure>) throws -> TransportFailure {
        guard case .failure(let failure) = result else {
            Issue.record("expected a failure, got \(result)")
            throw CancellationError()
        }
        return failure
    }

    private static let secret = "sniffer_TOPSECRET0123456789"
    private static let secretHeaders: [(name: String, value: String)] = [
        ("api-token", secret), ("Authorization", "Bearer \(secret)"),
    ]

    @Test func closedPortIsConnectionRefused() async throws {
        let port = try closedPort()
        let transport = try CurlTransport()
        defer { transport.shutdown() }
        let failure = try failure(
            await transport.send(
                OutboundRequest(method: "POST", url: "http://127.0.0.1:\(port)/", headers: Self.secretHeaders)))
        #expect(failure.kind == .connectionRefused)
        #expect(!failure.description.contains(Self.secret))
    }

    @Test func unknownHostIsDNS() async throws {
        let transport = try CurlTransport(configuration: .init(connectTimeout: .seconds(5), timeout: .seconds(8)))
        defer { transport.shutdown() }
        let failure = try failure(
            await transport.send(OutboundRequest(method: "GET", url: "http://does-not-exist.invalid/")))
        #expect(failure.kind == .dns)
        #expect(failure.message.contains("does-not-exist.invalid"))
    }

    @Test func silentServerTimesOutWithinTheTotalTimeout() async throws {
        let server = try TestHTTPServer { _ in .hang }
        defer { server.stop() }
        let transport = try CurlTransport(configuration: .init(timeout: .milliseconds(300)))
        defer { transport.shutdown() }
        let started = ContinuousClock.now
        let failure = try failure(
            await transport.send(OutboundRequest(method: "GET", url: server.url(), headers: Self.secretHeaders)))
        let elapsed = ContinuousClock.now - started
        #expect(failure.kind == .timeout)
        #expect(elapsed >= .milliseconds(250))
        // Far below libcurl's own default (none) and any other timeout here; the
        // margin is wide because a loaded CI machine may resume this task late.
        #expect(elapsed < .seconds(25))
        #expect(!failure.description.contains(Self.secret))
    }

    @Test func perRequestTimeoutOverridesTheDefault() async throws {
        let server = try TestHTTPServer { _ in .hang }
        defer { server.stop() }
        let transport = try CurlTransport(configuration: .init(timeout: .seconds(120)))
        defer { transport.shutdown() }
        let started = ContinuousClock.now
        let failure = try failure(
            await transport.send(OutboundRequest(method: "GET", url: server.url(), timeout: .milliseconds(200))))
        #expect(failure.kind == .timeout)
        // Well under the 120 s default, with room for a loaded machine.
        #expect(ContinuousClock.now - started < .seconds(60))
    }

    @Test func closeWithoutAnswerIsConnectionReset() async throws {
        let server = try TestHTTPServer { _ in .close }
        defer { server.stop() }
        let transport = try CurlTransport()
        defer { transport.shutdown() }
        let failure = try failure(
            await transport.send(
                OutboundRequest(method: "POST", url: server.url(), headers: Self.secretHeaders, body: [1, 2, 3])))
        #expect(failure.kind == .connectionReset)
        #expect(!failure.description.contains(Self.secret))
        #expect(!failure.description.contains("Bearer"))
    }

    @Test func tlsToAPlainServerIsTLS() async throws {
        let server = try TestHTTPServer(greeting: TestHTTPServer.serialize(.init(status: 400))) { _ in .close }
        defer { server.stop() }
        let transport = try CurlTransport(configuration: .init(timeout: .seconds(5)))
        defer { transport.shutdown() }
        let url = "https://127.0.0.1:\(server.port)/"
        let failure = try failure(await transport.send(OutboundRequest(method: "GET", url: url)))
        #expect(failure.kind == .tls)
    }

    @Test func oversizedBodyFailsInsteadOfGrowing() async throws {
        let server = try TestHTTPServer { _ in .respond(.init(status: 200, body: [UInt8](repeating: 7, count: 10_000))) }
        defer { server.stop() }
        let transport = try CurlTransport(configuration: .init(maxResponseBytes: 1000))
        defer { transport.shutdown() }
        let failure = try failure(await transport.send(OutboundRequest(method: "GET", url: server.url())))
        #expect(failure.kind == .other)
        #expect(failure.message.contains("1000 bytes"))
    }

    @Test func headerInjectionIsRefusedWithoutEchoingTheValue() async throws {
        let server = try TestHTTPServer { _ in .respond(.init(status: 200)) }
        defer { server.stop() }
        let transport = try CurlTransport()
        defer { transport.shutdown() }
        let failure = try failure(
            await transport.send(
                OutboundRequest(method: "GET", url: server.url(), headers: [("api-token", "\(Self.secret)\r\nX-Evil: 1")])))
        #expect(failure.kind == .other)
        #expect(failure.message.contains("api-token"))
        #expect(!failure.message.contains(Self.secret))
        let badMethod = try self.failure(await transport.send(OutboundRequest(method: "GE T", url: server.url())))
        #expect(badMethod.message == "invalid HTTP method")
        for url in ["not a url", "file:///etc/passwd", "ftp://127.0.0.1/", ""] {
            let refused = try self.failure(await transport.send(OutboundRequest(method: "GET", url: url)))
            #expect(refused.kind == .other)
        }
        #expect(server.requests.isEmpty)
    }

    @Test func shutdownFailsPendingRequestsWithoutHanging() async throws {
        let server = try TestHTTPServer { _ in .hang }
        defer { server.stop() }
        let transport = try CurlTransport(configuration: .init(timeout: .seconds(60), maxHostConnections: 2))
        let count = 6
        let started = ContinuousClock.now
        async let results = withTaskGroup(of: Result<OutboundResponse, TransportFailure>.self) { group in
            for _ in 0..<count {
                group.addTask { await transport.send(OutboundRequest(method: "GET", url: server.url())) }
            }
            var results: [Result<OutboundResponse, TransportFailure>] = []
            for await result in group { results.append(result) }
            return results
        }
        // Two in flight on the server (the connection limit), four queued in libcurl.
        try await waitUntil("two requests reach the server", timeout: .seconds(10), interval: .milliseconds(5)) {
            server.requests.count >= 2
        }
        transport.shutdown()
        let finished = await results
        #expect(finished.count == count)
        for result in finished {
            #expect((try? failure(result))?.message == "transport shut down")
        }
        #expect(ContinuousClock.now - started < .seconds(10))
        try await waitUntil("the loop thread exits", timeout: .seconds(10), interval: .milliseconds(5)) {
            !transport.isLoopRunning
        }
        let late = try failure(await transport.send(OutboundRequest(method: "GET", url: server.url())))
        #expect(late.message == "transport shut down")
        #expect(transport.statistics.failures == count + 1)
    }

    @Test func cancellingTheTaskFailsTheRequest() async throws {
        let server = try TestHTTPServer { _ in .hang }
        defer { server.stop() }
        let transport = try CurlTransport(configuration: .init(timeout: .seconds(60)))
        defer { transport.shutdown() }
        let task = Task { await transport.send(OutboundRequest(method: "GET", url: server.url())) }
        let started = ContinuousClock.now
        try await waitUntil("the request reaches the server", timeout: .seconds(10), interval: .milliseconds(5)) {
            !server.requests.isEmpty
        }
        task.cancel()
        let failure = try failure(await task.value)
        #expect(failure.message == "request cancelled")
        #expect(ContinuousClock.now - started < .seconds(10))
    }
}

@Suite(.serialized) struct CurlTransportQueueTests {
    @Test func requestsWaitingForAConnectionSlotStillTimeOut() async throws {
        let server = try TestHTTPServer { request in
            request.target == "/hang" ? .hang : .respond(.init(status: 200))
        }
        defer { server.stop() }
        let transport = try CurlTransport(configuration: .init(timeout: .seconds(60), maxHostConnections: 1))
        defer { transport.shutdown() }
        // The one connection allowed is held by a request that never gets an answer.
        let blocker = Task { await transport.send(OutboundRequest(method: "GET", url: server.url("/hang"))) }
        let started = ContinuousClock.now
        try await waitUntil("the request reaches the server", timeout: .seconds(10), interval: .milliseconds(5)) {
            !server.requests.isEmpty
        }
        let queued = await transport.send(
            OutboundRequest(method: "GET", url: server.url("/fast"), timeout: .milliseconds(300)))
        guard case .failure(let failure) = queued else {
            Issue.record("a queued request got an answer although its connection slot was taken")
            return
        }
        #expect(failure.kind == .timeout)
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(server.acceptedConnections == 1)
        blocker.cancel()
        _ = await blocker.value
    }
}
