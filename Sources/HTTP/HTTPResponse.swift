/// A response a handler gives back. The server adds `Content-Length`, `Date`
/// and `Connection`.
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Close the connection once this response is written.
    public var closeConnection: Bool
    /// Close the connection without writing any response. Only the Sniffer
    /// simulator's fault injection uses this ("apply the change, then drop
    /// the connection before answering"). A plain close (FIN) by default; a
    /// reset (RST) with `HTTPServer.Configuration.abortResetsConnection`.
    public var abortConnection: Bool

    public init(
        status: Int, headers: HTTPHeaders = [:], body: [UInt8] = [], closeConnection: Bool = false,
        abortConnection: Bool = false
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.closeConnection = closeConnection
        self.abortConnection = abortConnection
    }

    /// A connection dropped before any byte of an answer.
    public static let abort = HTTPResponse(status: 0, abortConnection: true)
}
