import HTTP

/// The console at `/admin/`: one page and its script and style, compiled in.
enum AdminConsole {
    static func response(for request: HTTPRequest) -> HTTPResponse {
        HTTPError(.notFound, "no route for \(request.path)").response()
    }
}
