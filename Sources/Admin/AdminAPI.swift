import Config
import HTTP
import JSON
import Telemetry

/// Everything under `/admin`: the API under `/admin/api/v1` and the console
/// at `/admin/`. Off (404, as for any unknown path) while `[admin]` has no
/// token. A request is matched to its route first (404, 405), then its
/// token checked (401, 403), then its query (400); only then does the
/// handler run, in a task of its own (store reads wait on the store's own
/// threads, never on the listener's). Every write is logged with the
/// token's name, never its value.
package struct AdminAPI: HTTPHandler {
    package static let prefix = "/admin"
    package static let apiPrefix = "/admin/api/v1"
    /// The largest body a write takes (a filter; the listener's own limit is larger).
    static let maxBodyBytes = 64 * 1024

    let context: AdminContext
    package let routes: [AdminRoute]

    package init(context: AdminContext) {
        self.context = context
        routes = AdminEndpoints(context: context).routes
    }

    package func handle(_ request: HTTPRequest, responder: HTTPResponder) {
        let tokens = context.tokens()
        guard !tokens.isEmpty else {
            responder.respond(HTTPError(.notFound, "no route for \(request.path)").response())
            return
        }
        let path = request.path
        if path == Self.prefix || path.hasPrefix(Self.prefix + "/"), !path.hasPrefix(Self.apiPrefix + "/"), path != Self.apiPrefix {
            responder.respond(AdminConsole.response(for: request))
            return
        }
        if path == Self.apiPrefix + "/openapi.json" {
            guard request.method == "GET" || request.method == "HEAD" else {
                let error = HTTPError(
                    .methodNotAllowed, "\(request.method) is not allowed on \(path)", headers: ["Allow": "GET, HEAD"])
                responder.respond(error.response())
                return
            }
            responder.respond(Self.http(AdminReply(status: 200, body: OpenAPIDocument.bytes, contentType: "application/json")))
            return
        }
        let route: AdminRoute
        let ids: [Substring]
        do throws(HTTPError) { (route, ids) = try self.route(for: request) } catch {
            responder.respond(error.response())
            return
        }
        let authenticator = AdminAuthenticator(tokens: tokens)
        let logger = context.logger
        Task {
            let reply: AdminReply
            var token: BridgeConfig.Token?
            do throws(HTTPError) {
                let caller = try authenticator.authenticate(request.headers)
                token = caller
                try AdminAuthenticator.require(route.scope, of: caller)
                guard request.body.count <= Self.maxBodyBytes else {
                    throw HTTPError(
                        .bodyTooLarge, "the body is \(request.body.count) bytes; at most \(Self.maxBodyBytes) are taken")
                }
                let query = try AdminQuery(request.query, known: route.query)
                reply = try await route.handler(AdminCall(request: request, token: caller, query: query, ids: ids))
            } catch {
                if route.scope == .operate, let token {
                    logger.notice("Admin write refused", metadata: Self.metadata(request, token, status: error.status, error.message))
                }
                responder.respond(error.response())
                return
            }
            if route.scope == .operate, let token {
                logger.notice("Admin write", metadata: Self.metadata(request, token, status: reply.status, nil))
            }
            responder.respond(Self.http(reply))
        }
    }

    /// The route `request` names: the most specific pattern that fits its
    /// path with its method; 405 (with `Allow`) when only other methods fit.
    func route(for request: HTTPRequest) throws(HTTPError) -> (AdminRoute, [Substring]) {
        let path = request.path
        guard path.hasPrefix(Self.apiPrefix + "/") else { throw HTTPError(.notFound, "no route for \(path)") }
        let parts = path.dropFirst(Self.apiPrefix.count).split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        let fitting = routes.compactMap { route in route.match(Array(parts)).map { (route, $0) } }
        let method = request.method == "HEAD" ? "GET" : request.method
        if let best = fitting.filter({ $0.0.method == method }).max(by: { $0.0.literals < $1.0.literals }) { return best }
        guard !fitting.isEmpty else { throw HTTPError(.notFound, "no route for \(path)") }
        var allowed = Set(fitting.map(\.0.method))
        if allowed.contains("GET") { allowed.insert("HEAD") }
        throw HTTPError(
            .methodNotAllowed, "\(request.method) is not allowed on \(path)",
            headers: ["Allow": allowed.sorted().joined(separator: ", ")])
    }

    static func http(_ reply: AdminReply) -> HTTPResponse {
        HTTPResponse(
            status: reply.status, headers: ["Content-Type": reply.contentType, "Cache-Control": "no-store"], body: reply.body)
    }

    static func metadata(_ request: HTTPRequest, _ token: BridgeConfig.Token, status: Int, _ error: String?) -> LogMetadata {
        var metadata: LogMetadata = [
            "token": "\(token.name)", "method": "\(request.method)", "path": "\(request.path)", "status": "\(status)",
        ]
        if let error { metadata[LogKey.error] = "\(error)" }
        return metadata
    }
}
