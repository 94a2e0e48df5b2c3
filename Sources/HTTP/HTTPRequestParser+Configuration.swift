extension HTTPRequestParser {
    /// Limits on what one request may contain. Each breach maps to one status:
    /// head too large -> 431, body too large -> 413, anything malformed -> 400.
    public struct Configuration: Sendable, Equatable {
        /// Request line plus header fields, including line ends (default 16 KiB).
        public var maxHeadBytes: Int
        /// Header fields per request (default 100).
        public var maxHeaderCount: Int
        /// Decoded body bytes (default 1 MiB). A larger `Content-Length` is
        /// refused before any body byte is read.
        public var maxBodyBytes: Int
        /// One chunk-size line including chunk extensions (default 1 KiB).
        public var maxChunkLineBytes: Int

        public init(
            maxHeadBytes: Int = 16 * 1024, maxHeaderCount: Int = 100, maxBodyBytes: Int = 1024 * 1024,
            maxChunkLineBytes: Int = 1024
        ) {
            self.maxHeadBytes = maxHeadBytes
            self.maxHeaderCount = maxHeaderCount
            self.maxBodyBytes = maxBodyBytes
            self.maxChunkLineBytes = maxChunkLineBytes
        }
    }

    /// What `next()` found in the bytes fed so far.
    public enum Event: Sendable, Equatable {
        /// No complete request yet: feed more bytes.
        case needMoreData
        /// The head of a request with `Expect: 100-continue` and a body is
        /// complete: the server should answer `100 Continue` now. The request
        /// itself follows from later calls.
        case continueExpected
        /// One complete request.
        case request(HTTPRequest)
    }

    /// Where the parser is within the current request (for timeouts).
    public enum Phase: Sendable, Equatable {
        /// Between requests: no byte of the next one buffered.
        case idle
        /// Some bytes of a request head have arrived.
        case head
        /// The head is complete; the body is being received.
        case body
    }
}
