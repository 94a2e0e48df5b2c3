import HTTP

/// The console at `/admin/`: one page, its script and its style, compiled
/// into the binary (no build step, nothing fetched from elsewhere). The
/// page asks for a token once and keeps it in `sessionStorage`; every
/// datum comes from the API with that token, so the files themselves hold
/// nothing secret and are served without one. The Content-Security-Policy
/// allows only these files and the API.
enum AdminConsole {
    struct File {
        let contentType: String
        let body: [UInt8]
    }

    static let files: [String: File] = [
        "/admin/": File(contentType: "text/html; charset=utf-8", body: Array(page.utf8)),
        "/admin/console.js": File(contentType: "text/javascript; charset=utf-8", body: Array(script.utf8)),
        "/admin/console.css": File(contentType: "text/css; charset=utf-8", body: Array(style.utf8)),
    ]

    static let securityHeaders: HTTPHeaders = [
        "Content-Security-Policy":
            "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-store",
    ]

    static func response(for request: HTTPRequest) -> HTTPResponse {
        let path = String(request.path)
        guard request.method == "GET" || request.method == "HEAD" else {
            return HTTPError(.methodNotAllowed, "\(request.method) is not allowed on \(path)", headers: ["Allow": "GET, HEAD"])
                .response()
        }
        if path == "/admin" || path == "/admin/index.html" {
            return HTTPResponse(status: 308, headers: ["Location": "/admin/"])
        }
        guard let file = files[path] else { return HTTPError(.notFound, "no route for \(path)").response() }
        var headers = securityHeaders
        headers.set("Content-Type", file.contentType)
        return HTTPResponse(status: 200, headers: headers, body: file.body)
    }
}
