import Outbound
import Testing

@Suite struct ScriptedTransportTests {
    @Test func answersInOrderThenFallsBackAndRecordsRequests() async throws {
        let transport = ScriptedTransport([.failure(TransportFailure(.dns, "no such host"))]) { request in
            .success(OutboundResponse(status: 200, body: Array(request.url.utf8)))
        }
        transport.enqueue(.success(OutboundResponse(status: 503, headers: [("Retry-After", "2")])))

        let first = await transport.send(OutboundRequest(method: "GET", url: "http://a/1"))
        let second = await transport.send(OutboundRequest(method: "GET", url: "http://a/2"))
        let third = await transport.send(OutboundRequest(method: "POST", url: "http://a/3"))
        guard case .failure(let failure) = first else {
            Issue.record("expected the scripted failure")
            return
        }
        #expect(failure.kind == .dns)
        #expect(try second.get().status == 503)
        #expect(try third.get().body == Array("http://a/3".utf8))
        #expect(transport.requests.map(\.url) == ["http://a/1", "http://a/2", "http://a/3"])

        let exhausted = ScriptedTransport()
        let none = await exhausted.send(OutboundRequest(method: "GET", url: "http://a/"))
        #expect((try? none.get()) == nil)
    }
}
