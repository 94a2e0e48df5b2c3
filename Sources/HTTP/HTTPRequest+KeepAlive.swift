extension HTTPRequest {
    /// Whether the connection may serve another request after this one:
    /// HTTP/1.1 without `Connection: close`. HTTP/1.0 requests are served
    /// and closed.
    public var wantsKeepAlive: Bool {
        guard version == .http11 else { return false }
        for field in headers.fields where HTTPHeaders.sameName(field.name, "connection") {
            for token in field.value.split(separator: ",") where HTTPHeaders.sameName(token.trimmingOWS(), "close") {
                return false
            }
        }
        return true
    }
}
