import HTTP
import JSON

/// The simulator's own control plane under `/_sim/` (no token needed; never
/// part of the Snipe-IT API, never rate-limited, logged or faulted):
///
/// - `GET /_sim/requests` lists what was received; `DELETE /_sim/requests` forgets it;
/// - `POST /_sim/faults` (a `SnipeITSimFault` object, or an array) arms faults;
///   `GET /_sim/faults` lists them; `DELETE /_sim/faults` disarms all (and ends `down`);
/// - `GET /_sim/rate-limit` shows the limit; `PUT /_sim/rate-limit`
///   `{"perMinute": N, "answer": "429" | "429-without-retry-after" | "envelope"}`
///   changes it; `DELETE /_sim/rate-limit` starts every window afresh;
/// - `GET /_sim/state` dumps the stored rows (unescaped, as in the database).
extension SnipeITSimulator {
    func control(_ request: HTTPRequest) -> SnipeITSimAnswer {
        switch (request.method, String(request.path)) {
        case ("GET", "/_sim/requests"):
            let items = receivedRequests.map(\.json)
            return .json(200, ["items": .array(items), "total": .int(Int64(items.count))])
        case ("DELETE", "/_sim/requests"):
            clearReceivedRequests()
            return .json(200, ["items": [], "total": 0])
        case ("POST", "/_sim/faults"):
            guard let body = try? JSON(parsing: request.body) else {
                return Self.controlError(400, "Invalid JSON in request body")
            }
            do {
                let parsed = try (body.arrayValue ?? [body]).map { json throws(SnipeITSimFault.ParseError) in
                    try SnipeITSimFault(json: json)
                }
                return .json(201, ["faults": .array(parsed.map { addFault($0).json })])
            } catch {
                return Self.controlError(400, error.description)
            }
        case ("GET", "/_sim/faults"):
            return .json(200, ["faults": .array(faults.withLock { $0.faults }.map(\.json))])
        case ("DELETE", "/_sim/faults"):
            removeAllFaults()
            return .json(200, ["faults": []])
        case ("GET", "/_sim/rate-limit"):
            return .json(200, rateLimitJSON)
        case ("PUT", "/_sim/rate-limit"):
            guard let body = try? JSON(parsing: request.body), let object = body.objectValue else {
                return Self.controlError(400, "Invalid JSON in request body")
            }
            let current = rateLimit.withLock { ($0.perMinute, $0.answer) }
            let perMinute = object["perMinute"].map { $0.intValue.map(Int.init) } ?? Int?(current.0)
            guard let perMinute else { return Self.controlError(400, "perMinute must be an integer (0 turns the limit off)") }
            let answer = object["answer"].map { $0.stringValue.flatMap(SnipeITSimRateLimitAnswer.init(rawValue:)) }
                ?? current.1
            guard let answer else {
                let names = SnipeITSimRateLimitAnswer.allCases.map(\.rawValue).joined(separator: ", ")
                return Self.controlError(400, "answer must be one of \(names)")
            }
            setRateLimit(perMinute: perMinute, answer: answer)
            return .json(200, rateLimitJSON)
        case ("DELETE", "/_sim/rate-limit"):
            rateLimit.withLock { $0.reset() }
            return .json(200, rateLimitJSON)
        case ("GET", "/_sim/state"):
            return .json(200, state.withLock { $0.json })
        default:
            return Self.controlError(404, "Cannot \(request.method) \(request.path)")
        }
    }

    private var rateLimitJSON: JSON {
        rateLimit.withLock { ["perMinute": .int(Int64($0.perMinute)), "answer": .string($0.answer.rawValue)] }
    }

    private static func controlError(_ status: Int, _ message: String) -> SnipeITSimAnswer {
        .json(status, ["error": .string(message)])
    }
}
