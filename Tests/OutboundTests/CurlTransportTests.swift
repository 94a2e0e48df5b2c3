import Foundation
import Outbound
import Synchronization
import Testing

@Suite(.serialized) struct CurlTransportTests {
    @Test func getRoundTripKeepsHeadersAndBodyBytes() async throws {
        let body: [UInt8] = [0, 1, 2, 0xFF, 0x0D, 0x0A, 0x7F]
        let server = try TestHTTPServer { _ in
            .respond(.init(status: 201, headers: [("X-Reply", "yes"), ("X-Folded", "a, b")], body: body))
        }
        defer { server.stop() }
        let transport = try CurlTransport()
        defer { transport.shutdown() }

        let result = await transport.send(
            OutboundRequest(method: "GET", url: server.url("/items?q=1"), headers: [("X-Custom", "abc def")]))
        let response = try result.get()
        #expect(response.status == 201)
        #expect(response.header("x-reply") == "yes")
        #expect(response.header("X-Folded") == "a, b")
        #expect(response.header("content-length") == "7")
        #expect(response.body == body)
        #expect(response.duration > .zero)
        let seen = try #require(server.requests.first)
        #expect(seen.method == "GET")
        #expect(seen.target == "/items?q=1")
        #expect(seen.header("X-Custom") == "abc def")
        #expect(seen.header("User-Agent") == "sniffer-bridge")
    }

    @Test func postAndPatchSendBinaryBodiesIntact() async throws {
        let server = try TestHTTPServer { request in
            .respond(.init(status: 200, headers: [("X-Method", request.method)], body: request.body))
        }
        defer { server.stop() }
        let transport = try CurlTransport()
        defer { transport.shutdown() }
        // Larger than libcurl's Expect: 100-continue threshold, every byte value.
        let payload = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }

        for method in ["POST", "PATCH", "PUT"] {
            let response = try await transport.send(
                OutboundRequest(
                    method: method, url: server.url("/bug"),
                    headers: [("Content-Type", "application/octet-stream"), ("api-token", "sniffer_x")],
                    body: payload)
            ).get()
            #expect(response.status == 200)
            #expect(response.header("X-Method") == method)
            #expect(response.body == payload)
        }
        let empty = try await transport.send(OutboundRequest(method: "POST", url: server.url("/empty"))).get()
        #expect(empty.body.isEmpty)
        let requests = server.requests
        #expect(requests.count == 4)
        #expect(requests.allSatisfy { $0.header("Expect") == nil })
        #expect(requests.first?.header("api-token") == "sniffer_x")
        #expect(requests.last?.header("Content-Length") == "0")
        #expect(requests.first?.header("Content-Type") == "application/octet-stream")
        #expect(requests.last?.header("Content-Type") == nil)
    }

    @Test func deleteAndHeadUseTheirMethods() async throws {
        let server = try TestHTTPServer { request in
            .respond(.init(status: 204, headers: [("X-Method", request.method)]))
        }
        defer { server.stop() }
        let transport = try CurlTransport()
        defer { transport.shutdown() }
        for method in ["DELETE", "HEAD"] {
            let response = try await transport.send(OutboundRequest(method: method, url: server.url("/x"))).get()
            #expect(response.status == 204)
            #expect(response.header("X-Method") == method)
        }
    }

    @Test func concurrentRequestsReuseABoundedNumberOfConnections() async throws {
        let server = try TestHTTPServer { request in
            .respondAfter(.milliseconds(1), .init(status: 200, body: Array(request.target.utf8)))
        }
        defer { server.stop() }
        let maxConnections = 4
        let transport = try CurlTransport(configuration: .init(maxHostConnections: maxConnections))
        defer { transport.shutdown() }

        let count = 200
        let matched = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<count {
                group.addTask {
                    let path = "/n/\(index)"
                    guard case .success(let response) = await transport.send(
                        OutboundRequest(method: "GET", url: server.url(path)))
                    else { return false }
                    return response.status == 200 && response.body == Array(path.utf8)
                }
            }
            var matched = 0
            for await ok in group where ok { matched += 1 }
            return matched
        }
        #expect(matched == count)
        #expect(server.requests.count == count)
        #expect(server.acceptedConnections >= 1)
        #expect(server.acceptedConnections <= maxConnections)
        let statistics = transport.statistics
        #expect(statistics.responses == count)
        #expect(statistics.requestsStarted == count)
        #expect(statistics.failures == 0)
        #expect(statistics.connectionsOpened == server.acceptedConnections)
    }

    @Test func connectionsAreReusedAcrossSequentialRequests() async throws {
        let server = try TestHTTPServer { _ in .respond(.init(status: 200)) }
        defer { server.stop() }
        let transport = try CurlTransport()
        defer { transport.shutdown() }
        for _ in 0..<10 {
            _ = try await transport.send(OutboundRequest(method: "GET", url: server.url())).get()
        }
        #expect(server.acceptedConnections == 1)
        #expect(transport.statistics.connectionsOpened == 1)
    }

    @Test func explicitProxyReceivesTheAbsoluteTarget() async throws {
        let proxy = try TestHTTPServer { _ in .respond(.init(status: 200, body: Array("via proxy".utf8))) }
        defer { proxy.stop() }
        let transport = try CurlTransport(configuration: .init(proxy: proxy.url()))
        defer { transport.shutdown() }
        let response = try await transport.send(
            OutboundRequest(method: "GET", url: "http://upstream.invalid/hook")
        ).get()
        #expect(response.body == Array("via proxy".utf8))
        #expect(proxy.requests.first?.target == "http://upstream.invalid/hook")
    }

    @Test func debianLibcurlSpeaksHTTP2() {
        // The product asks for HTTP/2 over TLS; Debian's libcurl links nghttp2.
        #expect(CurlTransport.supportsHTTP2)
        #expect(!CurlTransport.libcurlVersion.isEmpty)
    }
}
