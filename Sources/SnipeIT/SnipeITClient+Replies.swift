import JSON

extension SnipeITClient {
    /// A look-up (`bytag`, `byserial`): a document is decoded, the 200 error
    /// envelope means nothing matched.
    func lookUp<T: Sendable>(
        _ path: String, query: [(String, String)] = [], decode: (JSON) -> Result<T, SnipeITDecodingError>
    ) async -> SnipeITOutcome<T> {
        let what = "GET /api/v1\(path)"
        switch await call("GET", path, query: query) {
        case .success(.document(let json)), .success(.success(let json, _)):
            return Self.decoded(decode(json), what: what)
        case .success(.error(let messages)):
            return .notFound(messages)
        case let other:
            return other.passedOn(what: what)
        }
    }

    /// A list or a document read: decoded; the 200 error envelope is a client error.
    func read<T: Sendable>(
        _ path: String, query: [(String, String)] = [], decode: (JSON) -> Result<T, SnipeITDecodingError>
    ) async -> SnipeITOutcome<T> {
        let what = "GET /api/v1\(path)"
        switch await call("GET", path, query: query) {
        case .success(.document(let json)), .success(.success(let json, _)):
            return Self.decoded(decode(json), what: what)
        case .success(.error(let messages)):
            return .clientError(status: 200, messages: messages)
        case let other:
            return other.passedOn(what: what)
        }
    }

    /// A write: the success envelope's payload is decoded; the 200 error
    /// envelope is a client error; anything else is not what a write answers.
    func write<T: Sendable>(
        _ method: String, _ path: String, body: JSON, decode: (JSON, SnipeITMessages) -> Result<T, SnipeITDecodingError>
    ) async -> SnipeITOutcome<T> {
        let what = "\(method) /api/v1\(path)"
        switch await call(method, path, body: body) {
        case .success(.success(let payload, let messages)):
            return Self.decoded(decode(payload, messages), what: what)
        case .success(.error(let messages)):
            return .clientError(status: 200, messages: messages)
        case .success(.document):
            return .invalidResponse("\(what): answered JSON without the {status, messages, payload} envelope")
        case let other:
            return other.passedOn(what: what)
        }
    }

    private static func decoded<T: Sendable>(_ result: Result<T, SnipeITDecodingError>, what: String) -> SnipeITOutcome<T> {
        switch result {
        case .success(let value): return .success(value)
        case .failure(let error): return .invalidResponse("\(what): \(error)")
        }
    }

    /// `limit` as Snipe-IT honours it: 1 to 500.
    static func clamp(limit: Int) -> Int {
        min(max(1, limit), SnipeITList<SnipeITAsset>.maximumLimit)
    }

    /// The `limit`/`offset` query parameters.
    static func page(limit: Int, offset: Int) -> [(String, String)] {
        [("limit", String(clamp(limit: limit))), ("offset", String(max(0, offset)))]
    }
}

extension SnipeITOutcome where Value == SnipeITReply {
    /// An outcome that is not a 2xx reply, for another value type (a reply
    /// that reaches here is one the caller had no case for).
    func passedOn<T: Sendable>(what: String) -> SnipeITOutcome<T> {
        flatMap { _ in .failure(SnipeITDecodingError("\(what): an answer of an unexpected shape")) }
    }
}
