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
        /// At most this many connections may be in the middle of sending a
        /// request (its head or body) at once, apart from idle keep-alive
        /// ones. When one more starts, the one that has been sending longest
        /// is answered 408 and closed: slow senders cannot crowd out fast
        /// ones, whose requests take a moment. Shared evenly by the loops.
        public var maxReceivingConnections: Int
        /// Request size limits.
        public var parser: HTTPRequestParser.Configuration
        /// From a connection's accept, or a request's first byte, to the end of its head.
        public var headTimeout: Duration
        /// Longest gap without body bytes.
        public var bodyStallTimeout: Duration
        /// From the end of a request's head to the end of its body: a body
        /// that trickles in is answered 408 when this passes.
        public var bodyTimeout: Duration
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
        /// Told, from a loop thread, of what an operator must hear (running out
        /// of descriptors); keep it short and non-blocking.
        public var notify: (@Sendable (Notice) -> Void)?

        public init(
            host: String = "127.0.0.1", port: Int = 8080, loopCount: Int? = nil, backlog: Int32 = 1024,
            maxConnections: Int = 10_000, maxReceivingConnections: Int = 1_000,
            parser: HTTPRequestParser.Configuration = .init(),
            headTimeout: Duration = .seconds(10), bodyStallTimeout: Duration = .seconds(10),
            bodyTimeout: Duration = .seconds(30),
            idleTimeout: Duration = .seconds(60), writeTimeout: Duration = .seconds(10),
            lingerTimeout: Duration = .seconds(2), gracefulStopTimeout: Duration = .seconds(10),
            abortResetsConnection: Bool = false, notify: (@Sendable (Notice) -> Void)? = nil
        ) {
            self.host = host
            self.port = port
            self.loopCount = loopCount
            self.backlog = backlog
            self.maxConnections = maxConnections
            self.maxReceivingConnections = max(1, maxReceivingConnections)
            self.parser = parser
            self.headTimeout = headTimeout
            self.bodyStallTimeout = bodyStallTimeout
            self.bodyTimeout = bodyTimeout
            self.idleTimeout = idleTimeout
            self.writeTimeout = writeTimeout
            self.lingerTimeout = lingerTimeout
            self.gracefulStopTimeout = gracefulStopTimeout
            self.abortResetsConnection = abortResetsConnection
            self.notify = notify
        }
    }

    /// What the listener reports to its owner (`Configuration.notify`).
    public enum Notice: Sendable, Equatable {
        /// `accept` failed for want of file descriptors: once per episode,
        /// with the process's limit (`RLIMIT_NOFILE`) and how many are open.
        /// Until it ends, each loop accepts waiting connections with its
        /// reserve descriptor and closes them at once.
        case descriptorsExhausted(limit: Int, open: Int)
        /// An `accept` succeeded a second or more after the last failure;
        /// `refused` connections were closed unanswered meanwhile.
        case descriptorsRecovered(refused: Int)
    }
}
