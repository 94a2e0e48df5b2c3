import JSON

/// One injected misbehaviour, set by `POST /_sim/faults` or `sim --snipeit --fault JSON`.
///
/// JSON form (every field optional but one that names the action):
/// ```json
/// {"action": "status", "status": 503, "times": 3, "method": "GET",
///  "route": "/api/v1/hardware/*", "retryAfter": "2", "message": "down"}
/// ```
/// - `action`: `status` (answer `status` with the envelope built from
///   `message`, `Retry-After` from `retryAfter`), `down` (answer 503 to every
///   matching call until the faults are cleared), `reset` (drop the
///   connection), `latency` (wait `latencyMs`, then answer normally),
///   `loginRedirect` (302 to /login with an HTML page, as when a proxy strips
///   the Accept header), `htmlPage` (200 with an HTML page, as a single
///   sign-on proxy answers), `errorEnvelope` (200 with the error envelope
///   and `message`). Inferred from `status` or `latencyMs` when missing.
/// - `route`: an exact path, or a prefix ending in `*` (default `*`, every
///   path); `method`: default any.
/// - `times`: how many matching calls it answers (default 1; `down` has no limit).
public struct SnipeITSimFault: Sendable, Equatable {
    public enum Action: String, Sendable, CaseIterable {
        case status, down, reset, latency, loginRedirect, htmlPage, errorEnvelope
    }

    public var id = 0
    public var action: Action
    public var method: String?
    public var route = "*"
    public var status = 503
    public var message: String?
    public var retryAfter: String?
    public var latencyMs = 0
    /// `nil`: until cleared.
    public var times: Int?

    public init(action: Action, status: Int = 503, route: String = "*", times: Int? = 1) {
        self.action = action
        self.status = status
        self.route = route
        self.times = action == .down ? nil : times
    }

    public struct ParseError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Reads the JSON form; every mistake is named.
    public init(json: JSON) throws(ParseError) {
        guard let object = json.objectValue else { throw ParseError(description: "fault must be a JSON object") }
        let known: Set<String> = ["action", "method", "route", "status", "message", "retryAfter", "latencyMs", "times"]
        if let unknown = object.keys.first(where: { !known.contains($0) }) {
            throw ParseError(description: "fault: unknown field \"\(unknown)\"")
        }
        func int(_ key: String, _ range: ClosedRange<Int64>) throws(ParseError) -> Int? {
            guard let value = object[key] else { return nil }
            guard let number = value.intValue, range.contains(number) else {
                throw ParseError(description: "fault: \"\(key)\" must be an integer in \(range.lowerBound)...\(range.upperBound)")
            }
            return Int(number)
        }
        func string(_ key: String) throws(ParseError) -> String? {
            guard let value = object[key] else { return nil }
            guard let text = value.stringValue else { throw ParseError(description: "fault: \"\(key)\" must be a string") }
            return text
        }
        let status = try int("status", 100...599)
        let latency = try int("latencyMs", 0...600_000)
        if let name = try string("action") {
            guard let action = Action(rawValue: name) else {
                let names = Action.allCases.map(\.rawValue).joined(separator: ", ")
                throw ParseError(description: "fault: unknown action \"\(name)\" (expected one of \(names))")
            }
            self.action = action
        } else if status != nil {
            action = .status
        } else if latency != nil {
            action = .latency
        } else {
            throw ParseError(description: "fault: give an \"action\", a \"status\" or a \"latencyMs\"")
        }
        method = try string("method")?.uppercased()
        route = try string("route") ?? "*"
        guard route == "*" || route.hasPrefix("/") else {
            throw ParseError(description: "fault: \"route\" must start with / (or be *)")
        }
        self.status = status ?? 503
        message = try string("message")
        latencyMs = latency ?? 0
        if let value = object["retryAfter"] {
            guard let text = value.intValue.map({ String($0) }) ?? value.stringValue else {
                throw ParseError(description: "fault: \"retryAfter\" must be seconds or an HTTP date")
            }
            retryAfter = text
        }
        times = action == .down ? nil : try int("times", 1...Int64(Int32.max)) ?? 1
    }

    public var json: JSON {
        var object: JSONObject = [
            "id": .int(Int64(id)), "action": .string(action.rawValue), "route": .string(route), "status": .int(Int64(status)),
        ]
        if let method { object["method"] = .string(method) }
        if let message { object["message"] = .string(message) }
        if let retryAfter { object["retryAfter"] = .string(retryAfter) }
        if latencyMs > 0 { object["latencyMs"] = .int(Int64(latencyMs)) }
        object["times"] = times.map { .int(Int64($0)) } ?? .null
        return .object(object)
    }

    /// Whether this fault is aimed at `method` `path`.
    func matches(method: String, path: String) -> Bool {
        if let want = self.method, want != method { return false }
        if route == "*" { return true }
        if route.hasSuffix("*") { return path.hasPrefix(route.dropLast()) }
        return path == route
    }
}
