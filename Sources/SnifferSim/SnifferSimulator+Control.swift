import HTTP
import JSON

/// The simulator's own control plane under `/_sim/` (no token needed; never
/// part of the Sniffer API, never subject to faults):
///
/// - `POST /_sim/faults` (a `SimFault` JSON object, or an array of them) arms faults;
/// - `GET /_sim/faults` lists them; `DELETE /_sim/faults` disarms all;
/// - `GET /_sim/requests` lists what was received; `DELETE /_sim/requests` forgets it;
/// - `POST /_sim/tokens` `{"company": "<id>", "expiresIn": "30d"}` mints a token;
/// - `GET /_sim/seed` repeats the startup line's content.
extension SnifferSimulator {
    func control(_ request: HTTPRequest) -> (Int, JSON, [(String, String)]) {
        func error(_ status: Int, _ message: String) -> (Int, JSON, [(String, String)]) {
            (status, SimError(status: status, message: message).body, [])
        }
        func parsedBody() -> Result<JSON, SimError> {
            do { return .success(try SimJSON.parse(request.body)) } catch {
                return .failure(.badRequest("Invalid JSON in request body"))
            }
        }
        switch (request.method, String(request.path)) {
        case ("POST", "/_sim/faults"):
            let body: JSON
            switch parsedBody() {
            case .success(let json): body = json
            case .failure(let e): return error(e.status, e.message)
            }
            let items = body.arrayValue ?? [body]
            do {
                let parsed = try items.map { try SimFault(json: $0) }
                let armed = parsed.map { addFault($0).json }
                return (201, ["faults": .array(armed)], [])
            } catch {
                return (400, SimError.badRequest(String(describing: error)).body, [])
            }
        case ("GET", "/_sim/faults"):
            return (200, ["faults": .array(armedFaults.map(\.json))], [])
        case ("DELETE", "/_sim/faults"):
            removeAllFaults()
            return (200, ["faults": []], [])
        case ("GET", "/_sim/requests"):
            let items = receivedRequests.map(\.json)
            return (200, ["items": .array(items), "total": .int(Int64(items.count))], [])
        case ("DELETE", "/_sim/requests"):
            clearReceivedRequests()
            return (200, ["items": [], "total": 0], [])
        case ("POST", "/_sim/tokens"):
            let body: JSON
            switch parsedBody() {
            case .success(let json): body = json
            case .failure(let e): return error(e.status, e.message)
            }
            let company = body["company"]?.stringValue ?? seed.company
            let text = body["expiresIn"]?.stringValue ?? "30d"
            guard let lifetime = SimToken.parseDuration(text) else {
                return error(400, "expiresIn must look like 30d, 12h, 90m or 45s")
            }
            return (201, ["token": .string(mintToken(company: company, lifetime: lifetime))], [])
        case ("GET", "/_sim/seed"):
            var statuses = JSONObject()
            for status in seed.statuses { statuses[status.name] = .string(status.id) }
            return (200, ["company": .string(seed.company), "project": .string(seed.project), "statuses": .object(statuses)], [])
        default:
            return error(404, "Cannot \(request.method) \(request.path)")
        }
    }
}
