import JSON

/// One injected misbehaviour, set by `POST /_sim/faults` or `sim --fault JSON`.
///
/// JSON form (every field but `action`/`status` optional):
/// ```json
/// {"method": "POST", "route": "/bug/:id", "action": "status", "status": 503,
///  "message": "down", "body": {...}, "retryAfter": "2", "latencyMs": 50,
///  "times": 2, "fraction": 0.5}
/// ```
/// - `route`: a path; `:name` segments match any one segment, `*` matches
///   every path (default `*`). `method`: default any.
/// - `action`: `status` (answer `status` with `body`, or the reference's error
///   shape built from `message`; `429` with `retryAfter` sets `Retry-After`),
///   `latency` (wait `latencyMs`, then answer normally), `reset` (drop the
///   connection without applying the request), `applyThenDrop` (apply the
///   request, then drop the connection before answering: the lost response),
///   `expireToken` (the presented token is expired from now on, so this and
///   every later call with it gets `401 API token has expired`). Inferred from
///   `status`/`latencyMs` when missing.
/// - `times`: how many matching calls fire (default 1, or unlimited when
///   `fraction` is given); `fraction`: the chance each matching call fires.
/// - `latencyMs` also delays any other action.
public struct SimFault: Sendable, Equatable {
    public enum Action: String, Sendable, CaseIterable {
        case status, latency, reset, applyThenDrop, expireToken
    }

    public var id: Int = 0
    public var method: String?
    public var route: String = "*"
    public var action: Action
    public var times: Int?
    public var fraction: Double?
    public var status: Int = 500
    public var body: JSON?
    public var message: String?
    public var retryAfter: String?
    public var latencyMs: Int = 0

    public init(action: Action, method: String? = nil, route: String = "*", status: Int = 500, times: Int? = 1) {
        self.action = action
        self.method = method
        self.route = route
        self.status = status
        self.times = times
    }

    public struct ParseError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Reads the JSON form; every mistake is named.
    public init(json: JSON) throws {
        guard case .object(let object) = json else { throw ParseError(description: "fault must be a JSON object") }
        let known: Set<String> = [
            "method", "route", "action", "times", "fraction", "status", "body", "message", "retryAfter", "latencyMs",
        ]
        if let unknown = object.keys.first(where: { !known.contains($0) }) {
            throw ParseError(description: "fault: unknown field \"\(unknown)\"")
        }
        func string(_ key: String) throws -> String? {
            guard let value = object[key] else { return nil }
            guard let s = value.stringValue else { throw ParseError(description: "fault: \"\(key)\" must be a string") }
            return s
        }
        func int(_ key: String, _ range: ClosedRange<Int64>) throws -> Int? {
            guard let value = object[key] else { return nil }
            guard let i = value.intValue, range.contains(i) else {
                throw ParseError(description: "fault: \"\(key)\" must be an integer in \(range.lowerBound)...\(range.upperBound)")
            }
            return Int(i)
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
        if action == .status && status == nil { throw ParseError(description: "fault: action \"status\" needs a \"status\"") }
        method = try string("method")?.uppercased()
        route = try string("route") ?? "*"
        guard route == "*" || route.hasPrefix("/") else {
            throw ParseError(description: "fault: \"route\" must start with / (or be *)")
        }
        self.status = status ?? 500
        latencyMs = latency ?? 0
        message = try string("message")
        body = object["body"]
        if let value = object["retryAfter"] {
            if let i = value.intValue { retryAfter = String(i) } else if let s = value.stringValue { retryAfter = s } else {
                throw ParseError(description: "fault: \"retryAfter\" must be seconds or an HTTP date")
            }
        }
        if let value = object["fraction"] {
            guard let f = value.doubleValue, f > 0, f <= 1 else {
                throw ParseError(description: "fault: \"fraction\" must be a number in (0, 1]")
            }
            fraction = f
        }
        times = try int("times", 1...Int64(Int32.max)) ?? (fraction == nil ? 1 : nil)
    }

    public var json: JSON {
        var o: JSONObject = [
            "id": .int(Int64(id)), "route": .string(route), "action": .string(action.rawValue),
            "status": .int(Int64(status)), "latencyMs": .int(Int64(latencyMs)),
        ]
        if let method { o["method"] = .string(method) }
        if let times { o["times"] = .int(Int64(times)) }
        if let fraction { o["fraction"] = .double(fraction) }
        if let body { o["body"] = body }
        if let message { o["message"] = .string(message) }
        if let retryAfter { o["retryAfter"] = .string(retryAfter) }
        return .object(o)
    }

    /// Whether this fault is aimed at `method` `path`.
    func matches(method: String, path: String) -> Bool {
        if let want = self.method, want != method { return false }
        if route == "*" { return true }
        let a = route.split(separator: "/"), b = path.split(separator: "/")
        guard a.count == b.count else { return false }
        return zip(a, b).allSatisfy { $0.hasPrefix(":") || $0 == $1 }
    }
}
