/// Exact-path routing: method + path -> handler. Unknown paths get 404, a
/// known path with another method gets 405 with `Allow`. Build it, then hand
/// it to the server: it is immutable once serving.
public struct HTTPRouter: HTTPHandler {
    private var routes: [String: [String: any HTTPHandler]] = [:]

    public init() {}

    /// Routes `method` on exactly `path` (no query, no patterns) to `handler`.
    public mutating func add(_ method: String, _ path: String, _ handler: any HTTPHandler) {
        routes[path, default: [:]][method] = handler
    }

    /// Routes to a synchronous closure. A thrown `HTTPResponseError` is
    /// answered as such; any other error becomes a 500.
    public mutating func add(
        _ method: String, _ path: String, respond: @escaping @Sendable (HTTPRequest) throws -> HTTPResponse
    ) {
        add(method, path, ClosureHandler(body: respond))
    }

    public func handle(_ request: HTTPRequest, responder: HTTPResponder) {
        guard let methods = routes[String(request.path)] else {
            responder.respond(HTTPError(.notFound, "no route for \(request.path)").response())
            return
        }
        if let handler = methods[request.method] {
            handler.handle(request, responder: responder)
        } else if request.method == "HEAD", let handler = methods["GET"] {
            handler.handle(request, responder: responder)
        } else {
            var allowed = methods.keys.sorted()
            if methods["GET"] != nil && methods["HEAD"] == nil { allowed.append("HEAD") }
            let allow = allowed.joined(separator: ", ")
            responder.respond(
                HTTPError(.methodNotAllowed, "\(request.method) is not allowed on \(request.path)", headers: ["Allow": allow])
                    .response())
        }
    }
}

/// A synchronous closure as a handler.
private struct ClosureHandler: HTTPHandler {
    let body: @Sendable (HTTPRequest) throws -> HTTPResponse

    func handle(_ request: HTTPRequest, responder: HTTPResponder) {
        do {
            responder.respond(try body(request))
        } catch let error as any HTTPResponseError {
            responder.respond(error.response())
        } catch {
            responder.respond(HTTPError(.internalError, "internal error").response())
        }
    }
}
