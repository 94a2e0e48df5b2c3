extension HTTPServer {
    /// Where to listen and every limit of the listener, with useful defaults.
    public struct Configuration: Sendable {
        /// A numeric address or a name; `0.0.0.0` / `::` for every interface.
        public var host: String
        /// 0 picks a free port (see `HTTPServer.port`).
        public var port: Int
        /// Loop threads; `nil` means one per core.
        public var loopCount: Int?
        public var backlog: Int32
        /// Beyond this many open connections, new ones wait in the backlog.
        public var maxConnections: Int
        /// Request size limits.
        public var parser: HTTPRequestParser.Configuration
        /// From a connection's accept, or a request's first byte, to the end of its head.
        public var headTimeout: Duration
        /// Longest gap without body bytes.
        public var bodyStallTimeout: Duration
        /// Longest wait for the next request on a kept-alive connection.
        public var idleTimeout: Duration
        /// Longest a response may wait for the peer to read it.
        public var writeTimeout: Duration
        /// How long a closing connection drains input after its last answer.
        public var lingerTimeout: Duration
        /// How long `stop()` waits for requests in flight.
        public var gracefulStopTimeout: Duration
        /// `HTTPResponse.abort` sends a RST (SO_LINGER 0) instead of a FIN.
        public var abortResetsConnection: Bool

        public init(
            host: String = "127.0.0.1", port: Int = 8080, loopCount: Int? = nil, backlog: Int32 = 1024,
            maxConnections: Int = 10_000, parser: HTTPRequestParser.Configuration = .init(),
            headTimeout: Duration = .seconds(10), bodyStallTimeout: Duration = .seconds(10),
            idleTimeout: Duration = .seconds(60), writeTimeout: Duration = .seconds(10),
            lingerTimeout: Duration = .seconds(2), gracefulStopTimeout: Duration = .seconds(10),
            abortResetsConnection: Bool = false
        ) {
            self.host = host
            self.port = port
            self.loopCount = loopCount
            self.backlog = backlog
            self.maxConnections = maxConnections
            self.parser = parser
            self.headTimeout = headTimeout
            self.bodyStallTimeout = bodyStallTimeout
            self.idleTimeout = idleTimeout
            self.writeTimeout = writeTimeout
            self.lingerTimeout = lingerTimeout
            self.gracefulStopTimeout = gracefulStopTimeout
            self.abortResetsConnection = abortResetsConnection
        }
    }
}
