import HTTP
import Store

/// The admin API answers its errors as `HTTPError`s (`{"error": code,
/// "message": ...}`); these are the ones it makes from its own facts.
extension HTTPError {
    /// A missing or wrong token: 401 with the challenge a client needs.
    static func unauthorized(_ message: String) -> HTTPError {
        HTTPError(.unauthorized, message, headers: ["WWW-Authenticate": #"Bearer realm="sniffer-bridge admin""#])
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
