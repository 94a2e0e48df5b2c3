import Dispatch

@testable import HTTP

/// The routes the live and in-process tests share.
enum TestRoutes {
    static func router() -> HTTPRouter {
        var router = HTTPRouter()
        router.add("GET", "/health") { _ in HTTPResponse(status: 200, body: Array("ok".utf8)) }
        router.add("POST", "/echo") { request in
            HTTPResponse(status: 200, headers: ["X-Method": request.method], body: request.body)
        }
        router.add("POST", "/hooks/github") { _ in HTTPResponse(status: 202) }
        router.add("GET", "/close") { _ in HTTPResponse(status: 200, closeConnection: true) }
        router.add("GET", "/abort") { _ in .abort }
        router.add("GET", "/teapot") { _ in throw HTTPError(.badRequest, "thrown") }
        // Answers from another thread after a delay: the async seam.
        router.add("GET", "/later", LaterHandler())
        router.add("GET", "/async", AsyncHTTPHandler { request in
            HTTPResponse(status: 200, body: Array("async \(request.path)".utf8))
        })
        return router
    }

    struct LaterHandler: HTTPHandler {
        func handle(_ request: HTTPRequest, responder: HTTPResponder) {
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(100)) {
                responder.respond(HTTPResponse(status: 200, body: Array("later".utf8)))
            }
        }
    }
}
