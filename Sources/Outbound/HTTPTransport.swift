import Foundation

/// The seam between API clients (Sniffer, Slack's response_url) and the
/// network. `CurlTransport` is the real one; tests use scripted fakes.
public protocol HTTPTransport: Sendable {
    /// Sends one request; never throws: every failure is a classified value.
    func send(_ request: OutboundRequest) async -> Result<OutboundResponse, TransportFailure>
}

public struct OutboundRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// Overrides the transport's default total timeout for this request.
    public var timeout: Duration?
    /// Send on a new connection, never a reused one. libcurl silently sends a
    /// request again when a reused connection dies before any answer byte; for
    /// a POST the server may already have applied ("apply, then the connection
    /// drops"), that resend duplicates it behind the caller's back. A fresh
    /// connection leaves the decision to retry with the caller.
    public var freshConnection = false

    public init(
        method: String, url: String, headers: [(name: String, value: String)] = [], body: [UInt8] = [],
        timeout: Duration? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

public struct OutboundResponse: Sendable {
    public var status: Int
    /// Response header fields in order; names as the server sent them.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// Time from the start of the request to the last byte of the answer.
    public var duration: Duration

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = [], duration: Duration = .zero) {
        self.status = status
        self.headers = headers
        self.body = body
        self.duration = duration
    }

    /// The first value of a header, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// Why a request got no HTTP answer. The retry policy decides on `kind`.
public struct TransportFailure: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case dns, connectionRefused, timeout, tls, connectionReset, other
    }

    public var kind: Kind
    /// A human explanation; never contains a secret or a header value.
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(kind.rawValue): \(message)" }
}
