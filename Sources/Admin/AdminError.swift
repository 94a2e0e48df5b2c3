import HTTP
import Store

/// The admin API's one error type: each code is one status, answered as
/// `{"error": code, "message": ...}` (`HTTPResponseError`).
package struct AdminError: Error, Sendable, Equatable, HTTPResponseError {
    package enum Code: String, Sendable, Equatable {
        case unauthorized
        case forbidden
        case notFound = "not_found"
        case badRequest = "bad_request"
        case methodNotAllowed = "method_not_allowed"
        case conflict
        case payloadTooLarge = "payload_too_large"
        case unavailable = "store_unavailable"

        var status: Int {
            switch self {
            case .badRequest: 400
            case .unauthorized: 401
            case .forbidden: 403
            case .notFound: 404
            case .methodNotAllowed: 405
            case .conflict: 409
            case .payloadTooLarge: 413
            case .unavailable: 503
            }
        }
    }

    package let code: Code
    package let message: String
    package var headers: HTTPHeaders

    package init(_ code: Code, _ message: String, headers: HTTPHeaders = [:]) {
        self.code = code
        self.message = message
        self.headers = headers
    }

    package var status: Int { code.status }
    package var errorCode: String { code.rawValue }

    /// A missing or wrong token: 401 with the challenge a client needs.
    static func unauthorized(_ message: String) -> AdminError {
        AdminError(.unauthorized, message, headers: ["WWW-Authenticate": #"Bearer realm="sniffer-bridge admin""#])
    }

    /// What the store's refusal means to the caller: an unknown id is 404,
    /// a state that forbids the change 409, anything else 503.
    init(_ error: StoreError) {
        switch error.code {
        case .notFound: self.init(.notFound, error.message)
        case .wrongState: self.init(.conflict, error.message)
        case .invalidArgument: self.init(.badRequest, error.message)
        default: self.init(.unavailable, "the store did not answer: \(error.message)")
        }
    }
}
