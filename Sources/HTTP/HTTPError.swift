/// An error with a precise HTTP answer: the listener's parser errors, the
/// router's 404/405, and anything a handler wants to answer with a status
/// and a JSON body `{"error": "...", "message": "..."}`.
public struct HTTPError: Error, Sendable, Equatable, HTTPResponseError {
    /// What went wrong; each code maps to one status.
    public enum Code: String, Sendable, Equatable, CaseIterable {
        case badRequest = "bad_request"
        case unauthorized
        case forbidden
        case conflict
        /// The service cannot answer for now: its store did not (the code
        /// the ingest's own 503 carries too).
        case unavailable = "store_unavailable"
        case headersTooLarge = "request_header_fields_too_large"
        case bodyTooLarge = "payload_too_large"
        case requestTimeout = "request_timeout"
        case expectationFailed = "expectation_failed"
        case notImplemented = "not_implemented"
        case versionNotSupported = "http_version_not_supported"
        case notFound = "not_found"
        case methodNotAllowed = "method_not_allowed"
        case internalError = "internal_error"

        /// The status code this error is answered with.
        public var status: Int {
            switch self {
            case .badRequest: 400
            case .unauthorized: 401
            case .forbidden: 403
            case .notFound: 404
            case .methodNotAllowed: 405
            case .requestTimeout: 408
            case .conflict: 409
            case .bodyTooLarge: 413
            case .expectationFailed: 417
            case .headersTooLarge: 431
            case .internalError: 500
            case .notImplemented: 501
            case .unavailable: 503
            case .versionNotSupported: 505
            }
        }
    }

    public let code: Code
    /// A human-readable explanation, sent in the JSON body.
    public let message: String
    /// Extra response headers (e.g. `Allow` on a 405).
    public var headers: HTTPHeaders

    public init(_ code: Code, _ message: String, headers: HTTPHeaders = [:]) {
        self.code = code
        self.message = message
        self.headers = headers
    }

    public var status: Int { code.status }
    public var errorCode: String { code.rawValue }
}

/// An error that knows how it is answered. Throw one from a router closure
/// and it becomes the response; any other error becomes a 500.
public protocol HTTPResponseError: Error {
    var status: Int { get }
    /// A short machine-readable code, the JSON body's `error`.
    var errorCode: String { get }
    /// A human-readable explanation, the JSON body's `message`.
    var message: String { get }
    /// Extra response headers.
    var headers: HTTPHeaders { get }
}

extension HTTPResponseError {
    public var headers: HTTPHeaders { [:] }

    /// The response: the status, `Content-Type: application/json` and the
    /// JSON error body.
    public func response(closeConnection: Bool = false) -> HTTPResponse {
        var headers = self.headers
        headers.set("Content-Type", "application/json")
        return HTTPResponse(
            status: status, headers: headers, body: HTTPErrorBody.render(error: errorCode, message: message),
            closeConnection: closeConnection)
    }
}

/// Writes `{"error": "...", "message": "..."}` by hand: the HTTP target does
/// not depend on the JSON target.
package enum HTTPErrorBody {
    package static func render(error: String, message: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(32 + error.utf8.count + message.utf8.count)
        out.append(contentsOf: #"{"error": "#.utf8)
        appendQuoted(error, to: &out)
        out.append(contentsOf: #", "message": "#.utf8)
        appendQuoted(message, to: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }

    private static func appendQuoted(_ string: String, to out: inout [UInt8]) {
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20:
                out.append(contentsOf: Array(#"\u00"#.utf8))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
