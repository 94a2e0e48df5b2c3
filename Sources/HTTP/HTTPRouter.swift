/// Exact-path routing: method + path -> handler. Unknown paths get 404, a
/// known path with another method gets 405 with `Allow`. Build it, then hand
/// it to the server: it is immutable once serving.
public struct HTTPRouter: HTTPHandler {
    private var routes: [String: [String: any HTTPHandler]] = [:]
    /// Handlers of whole subtrees, by prefix: every method, every path under it.
    private var mounts: [(prefix: String, handler: any HTTPHandler)] = []

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

    /// Routes `prefix` and every path below it (`prefix/...`), whatever the
    /// method, to `handler`, which answers its own 404s and 405s. Exact routes win.
    public mutating func mount(_ prefix: String, _ handler: any HTTPHandler) {
        mounts.append((prefix, handler))
    }

    public func handle(_ request: HTTPRequest, responder: HTTPResponder) {
        let path = request.path
        if routes[String(path)] == nil,
            let mount = mounts.first(where: { path == $0.prefix || path.hasPrefix($0.prefix + "/") })
        {
            mount.handler.handle(request, responder: responder)
            return
        }
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
