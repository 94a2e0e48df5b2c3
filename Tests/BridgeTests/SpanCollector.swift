import HTTP
import JSON
import Synchronization

/// An OTLP/HTTP collector on a loopback port: keeps the spans of every
/// `POST /v1/traces` it is sent, answers 200.
final class SpanCollector: HTTPHandler {
    private let received = Mutex<[JSON]>([])

    /// A collector, listening.
    static func start() throws -> (collector: SpanCollector, server: HTTPServer, url: String) {
        let collector = SpanCollector()
        let server = HTTPServer(
            configuration: HTTPServer.Configuration(host: "127.0.0.1", port: 0, loopCount: 1), handler: collector)
        let address = try server.start()
        return (collector, server, "http://127.0.0.1:\(address.port)/v1/traces")
    }

    func handle(_ request: HTTPRequest, responder: HTTPResponder) {
        guard request.method == "POST", request.target == "/v1/traces", let body = try? JSON(parsing: request.body) else {
            return responder.respond(HTTPResponse(status: 400))
        }
        let spans = (body["resourceSpans"]?.arrayValue ?? []).flatMap { resource in
            (resource["scopeSpans"]?.arrayValue ?? []).flatMap { $0["spans"]?.arrayValue ?? [] }
        }
        received.withLock { $0 += spans }
        responder.respond(HTTPResponse(status: 200, body: Array("{}".utf8)))
    }

    /// Every span received so far.
    var spans: [JSON] { received.withLock { $0 } }

    /// The spans named `name`.
    func spans(named name: String) -> [JSON] { spans.filter { $0["name"]?.stringValue == name } }
}
