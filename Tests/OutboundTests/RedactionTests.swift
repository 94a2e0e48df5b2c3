import Foundation
import Outbound
import Testing

@Suite(.serialized) struct RedactionTests {
    private static let secret = "sniffer_s3cr3t-value"

    private let request = OutboundRequest(
        method: "POST", url: "https://user:\(secret)@api.example/bug?page=2&access_token=\(secret)#frag",
        headers: [
            ("api-token", secret), ("Authorization", "Bearer \(secret)"), ("Cookie", "sid=\(secret)"),
            ("X-Gitlab-Token", secret), ("X-Hub-Signature-256", "sha256=\(secret)"), ("X-Client-Secret", secret),
            ("Content-Type", "application/json"),
        ],
        body: Array("{\"token\":\"\(secret)\"}".utf8))

    @Test func descriptionsNeverShowSecretValues() {
        var dumped = ""
        dump(request, to: &dumped)
        for text in [request.description, request.debugDescription, "\(request)", String(reflecting: request), dumped] {
            #expect(!text.contains(Self.secret))
            #expect(text.contains("api-token: <redacted>") || text.contains("api-token"))
        }
        let text = request.description
        #expect(text.contains("Content-Type: application/json"))
        #expect(text.contains("Authorization: <redacted>"))
        #expect(text.contains("X-Gitlab-Token: <redacted>"))
        #expect(text.contains("body: \(request.body.count) bytes"))
        #expect(text.contains("https://<redacted>@api.example/bug?page=2&access_token=<redacted>#frag"))
    }

    @Test func theSensitiveSetIsConfigurable() {
        let custom = HeaderRedaction(names: ["X-Tenant"], fragments: [])
        let request = OutboundRequest(method: "GET", url: "http://h/", headers: [("x-tenant", "acme"), ("api-token", "t")])
        let text = request.redactedDescription(using: custom)
        #expect(text.contains("x-tenant: <redacted>"))
        #expect(text.contains("api-token: t"))
        #expect(HeaderRedaction.default.isSensitive("X-Api-Key"))
        #expect(HeaderRedaction.default.isSensitive("x-my-token-header"))
        #expect(!HeaderRedaction.default.isSensitive("Content-Length"))
    }

    @Test func urlsWithoutSecretsAreUnchanged() {
        let redaction = HeaderRedaction.default
        #expect(redaction.redact(url: "http://127.0.0.1:8090/bugs?page=1&size=50") == "http://127.0.0.1:8090/bugs?page=1&size=50")
        #expect(redaction.redact(url: "no scheme at all") == "no scheme at all")
        #expect(redaction.redact(url: "http://h/?token") == "http://h/?token")
    }

    @Test func transportFailuresCarryNoHeaderValue() async throws {
        // Every failure path: refused, reset, timeout; none may echo the token.
        let server = try TestHTTPServer { request in request.target == "/close" ? .close : .hang }
        defer { server.stop() }
        let transport = try CurlTransport(configuration: .init(timeout: .milliseconds(200)))
        defer { transport.shutdown() }
        let headers: [(name: String, value: String)] = [("api-token", Self.secret), ("Cookie", Self.secret)]
        for path in ["/close", "/hang"] {
            let result = await transport.send(OutboundRequest(method: "POST", url: server.url(path), headers: headers))
            guard case .failure(let failure) = result else {
                Issue.record("expected a failure for \(path)")
                continue
            }
            #expect(!failure.description.contains(Self.secret))
            #expect(!failure.message.isEmpty)
        }
    }
}
