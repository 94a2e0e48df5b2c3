/// The one seam between the listener and the application.
///
/// The listener calls `handle(_:responder:)` on its event-loop thread and must
/// not be blocked: a handler that can answer at once calls
/// `responder.respond(_:)` before returning; one that must wait (the durable
/// store acknowledges after its group commit) keeps the responder and calls it
/// later from any thread. `respond` must be called exactly once per request.
public protocol HTTPHandler: Sendable {
    func handle(_ request: HTTPRequest, responder: HTTPResponder)
}

/// Completes one request's response, once, from any thread.
public struct HTTPResponder: Sendable {
    private let complete: @Sendable (HTTPResponse) -> Void

    public init(_ complete: @escaping @Sendable (HTTPResponse) -> Void) {
        self.complete = complete
    }

    public func respond(_ response: HTTPResponse) {
        complete(response)
    }
}

/// Adapts an `async` function to the handler seam: each request runs in its
/// own task, so the loop thread is never held.
public struct AsyncHTTPHandler: HTTPHandler {
    private let body: @Sendable (HTTPRequest) async -> HTTPResponse

    public init(_ body: @escaping @Sendable (HTTPRequest) async -> HTTPResponse) {
        self.body = body
    }

    public func handle(_ request: HTTPRequest, responder: HTTPResponder) {
        Task { responder.respond(await body(request)) }
    }
}

extension HTTPHandler {
    /// The answer to `request`, called in process (no socket): for callers in
    /// `async` code, such as an in-process transport or a test. Whether the
    /// handler answers at once or later, this returns once it has.
    public func response(to request: HTTPRequest) async -> HTTPResponse {
        await withCheckedContinuation { continuation in
            handle(request, responder: HTTPResponder { continuation.resume(returning: $0) })
        }
    }
}
