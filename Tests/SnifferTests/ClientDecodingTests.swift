import JSON
import Outbound
import Sniffer
import Testing
import Telemetry

/// Decoding and secrecy with a scripted transport.
@Suite struct ClientDecodingTests {
    static let token = "sniffer_SECRETSECRET"

    private func client(_ script: [Result<OutboundResponse, TransportFailure>]) -> (SnifferClient, ScriptedTransport) {
        let transport = ScriptedTransport(script)
        let client = SnifferClient(
            configuration: SnifferConfiguration(baseURL: "https://api.example///", token: Secret(Self.token)),
            transport: transport)
        return (client, transport)
    }

    private func answer(_ status: Int, _ body: String, headers: [(name: String, value: String)] = []) -> Result<OutboundResponse, TransportFailure> {
        .success(OutboundResponse(status: status, headers: headers, body: Array(body.utf8)))
    }

    @Test func theTokenIsSentOnlyInTheHeaderAndRedactedFromErrors() async throws {
        let (client, transport) = client([
            .failure(TransportFailure(.tls, "handshake failed for \(Self.token)")),
            answer(400, "{\"statusCode\":400,\"message\":\"bad token \(Self.token)\",\"error\":\"Bad Request\"}"),
        ])
        guard case .retryable(let failure) = await client.projects() else {
            Issue.record("a TLS failure is retryable")
            return
        }
        #expect(!failure.description.contains(Self.token))
        #expect(failure.transportFailure?.kind == .tls)
        guard case .clientError(let error) = await client.projects() else {
            Issue.record("a 400 is a client error")
            return
        }
        #expect(error.message == "bad token ***")
        let sent = try #require(transport.requests.first)
        #expect(sent.url == "https://api.example/projects?page=1&size=20")
        #expect(sent.headers.first { $0.name == "api-token" }?.value == Self.token)
        #expect(!sent.url.contains(Self.token))
        #expect(!"\(client.configuration)".contains(Self.token))
    }

    @Test func listMessagesAndMissingBodiesDecode() async {
        let (client, _) = client([
            answer(400, "{\"statusCode\":400,\"message\":[\"summary should not be empty\",\"project must be a string\"],\"error\":\"Bad Request\"}"),
            answer(403, ""),
            answer(500, "<html>oops</html>"),
        ])
        guard case .clientError(let list) = await client.projects() else {
            Issue.record("400")
            return
        }
        #expect(list.message == "summary should not be empty; project must be a string")
        guard case .clientError(let forbidden) = await client.projects() else {
            Issue.record("403")
            return
        }
        #expect(forbidden == SnifferAPIError(statusCode: 403, message: "Forbidden", error: "Forbidden"))
        guard case .retryable(let server) = await client.projects() else {
            Issue.record("500")
            return
        }
        #expect(server.status == 500)
    }

    @Test func successWithoutTheEnvelopeIsInvalidResponse() async {
        let (client, _) = client([
            answer(200, "{\"items\":[],\"total\":0}"),
            answer(200, "{\"status\":200,\"data\":{\"encryptData\":\"x\"}}"),
            answer(200, "{\"status\":200,\"data\":{\"localData\":{\"items\":[{\"name\":\"no id\"}],\"total\":1}}}"),
            answer(302, ""),
        ])
        for _ in 0..<4 {
            guard case .invalidResponse(let message) = await client.projects() else {
                Issue.record("expected invalidResponse")
                continue
            }
            #expect(!message.isEmpty)
        }
    }

    @Test func retryableStatusesAreExactlyThePolicyOnes() async {
        for status in [408, 425, 429, 500, 502, 503, 504] {
            let (client, _) = client([answer(status, "", headers: [(name: "retry-after", value: "3")])])
            guard case .retryable(let failure) = await client.projects() else {
                Issue.record("\(status) is retryable")
                continue
            }
            #expect(failure.retryAfter == "3")
        }
        for status in [400, 403, 410, 422] {
            let (client, _) = client([answer(status, "")])
            guard case .clientError = await client.projects() else {
                Issue.record("\(status) is a client error")
                continue
            }
        }
    }
}
