extension CurlTransport {
    /// Which HTTP version libcurl asks for.
    public enum HTTPVersion: Sendable, Equatable {
        /// HTTP/2 over TLS when the server offers it (ALPN), HTTP/1.1 otherwise
        /// and for plain `http://` (`CURL_HTTP_VERSION_2TLS`, the default).
        case http2OverTLS
        /// HTTP/1.1 only.
        case http1_1
    }

    /// Everything a `CurlTransport` can be tuned with; every field has a default.
    public struct Configuration: Sendable {
        /// Time allowed to establish the connection (TCP and TLS).
        public var connectTimeout: Duration
        /// Time allowed for a whole request, queueing for a connection included;
        /// `OutboundRequest.timeout` overrides it per request.
        public var timeout: Duration
        /// Upper bound on connections to one host (`CURLMOPT_MAX_HOST_CONNECTIONS`);
        /// requests beyond it wait for a connection to become free.
        public var maxHostConnections: Int
        /// Idle connections kept open for reuse (`CURLMOPT_MAXCONNECTS`).
        public var maxCachedConnections: Int
        /// HTTP version preference.
        public var httpVersion: HTTPVersion
        /// Verify the server's certificate and host name. On by default; turning
        /// it off is for local experiments only.
        public var verifyTLS: Bool
        /// A PEM file of trusted CA certificates (`CURLOPT_CAINFO`); nil uses
        /// the system bundle libcurl was built with.
        public var caBundlePath: String?
        /// An explicit proxy URL (`CURLOPT_PROXY`). When nil, libcurl reads the
        /// environment itself: `http_proxy` (lower case only), `HTTPS_PROXY` /
        /// `https_proxy`, `ALL_PROXY` and `NO_PROXY` / `no_proxy`.
        public var proxy: String?
        /// Hosts that bypass the proxy (`CURLOPT_NOPROXY`), comma separated;
        /// nil leaves it to `NO_PROXY` in the environment.
        public var noProxy: String?
        /// Bodies larger than this fail the request (`other`) instead of
        /// growing memory without bound.
        public var maxResponseBytes: Int
        /// The `User-Agent` sent unless a request sets its own.
        public var userAgent: String

        /// A configuration with production defaults: 10 s connect, 30 s total,
        /// 8 connections per host, HTTP/2 over TLS, TLS verified, proxy from
        /// the environment, 16 MiB response limit.
        public init(
            connectTimeout: Duration = .seconds(10),
            timeout: Duration = .seconds(30),
            maxHostConnections: Int = 8,
            maxCachedConnections: Int = 64,
            httpVersion: HTTPVersion = .http2OverTLS,
            verifyTLS: Bool = true,
            caBundlePath: String? = nil,
            proxy: String? = nil,
            noProxy: String? = nil,
            maxResponseBytes: Int = 16 << 20,
            userAgent: String = "sniffer-bridge"
        ) {
            self.connectTimeout = connectTimeout
            self.timeout = timeout
            self.maxHostConnections = maxHostConnections
            self.maxCachedConnections = maxCachedConnections
            self.httpVersion = httpVersion
            self.verifyTLS = verifyTLS
            self.caBundlePath = caBundlePath
            self.proxy = proxy
            self.noProxy = noProxy
            self.maxResponseBytes = maxResponseBytes
            self.userAgent = userAgent
        }
    }
}

extension Duration {
    /// Whole milliseconds, at least 1 for any positive duration (libcurl reads
    /// 0 as "no timeout"), saturating instead of overflowing.
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        if seconds < 0 || (seconds == 0 && attoseconds <= 0) { return 1 }
        if seconds >= Int64(Int.max / 1000) - 1 { return Int.max / 2 }
        let millis = Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
        return max(1, millis)
    }
}
