import Foundation
import HTTP
import JSON
import Synchronization

/// An in-memory simulator of the Snipe-IT API as the bridge uses it (see
/// docs/OPERATIONS.md, "Snipe-IT simulator"), served through the
/// `HTTPHandler` seam so tests can call it without sockets
/// (`InProcessTransport`) or over TCP (`SnipeITSimListener`).
///
/// It answers as Snipe-IT's controllers and exception handler do: HTML-escaped
/// strings, the 200-with-error envelope, the three shapes of a look-up by
/// tag, a 401 for a bad token (or a redirect to the login page when the
/// request does not ask for JSON), a per-token rate limit, and faults on
/// demand through its `/_sim/` control endpoints.
public final class SnipeITSimulator: HTTPHandler, Sendable {
    let configuration: Configuration
    let state: Mutex<SnipeITSimState>
    let rateLimit: Mutex<SnipeITSimRateLimit>
    let faults: Mutex<SnipeITSimFaultTable>
    let log = Mutex<[SnipeITSimRecordedRequest]>([])

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        state = Mutex(SnipeITSimSeed.state(now: configuration.now()))
        rateLimit = Mutex(SnipeITSimRateLimit(perMinute: configuration.rateLimitPerMinute, answer: configuration.rateLimitAnswer))
        var table = SnipeITSimFaultTable()
        for fault in configuration.faults { _ = table.add(fault) }
        faults = Mutex(table)
    }

    /// The first accepted token.
    public var token: String { configuration.tokens.first ?? "" }

    /// Arms a fault; the answer carries its id.
    @discardableResult
    public func addFault(_ fault: SnipeITSimFault) -> SnipeITSimFault {
        faults.withLock { $0.add(fault) }
    }

    public func removeAllFaults() {
        faults.withLock { $0.removeAll() }
    }

    /// What the simulator received, oldest first (control calls excluded).
    public var receivedRequests: [SnipeITSimRecordedRequest] { log.withLock { $0 } }

    public func clearReceivedRequests() {
        log.withLock { $0.removeAll() }
    }

    /// Changes the rate limit at run time (its windows start afresh).
    public func setRateLimit(perMinute: Int, answer: SnipeITSimRateLimitAnswer) {
        rateLimit.withLock {
            $0 = SnipeITSimRateLimit(perMinute: perMinute, answer: answer)
        }
    }

    /// The stored row of asset `id` (strings unescaped, as in the database).
    public func assetRow(_ id: Int) -> JSONObject? {
        state.withLock { $0.assets[id] }
    }

    /// The stored maintenance rows, oldest first.
    public var maintenanceRows: [JSONObject] { state.withLock { $0.maintenances.rows } }

    /// The seeded status labels by name.
    public var statusLabelIDs: [String: Int] {
        state.withLock { state in
            var ids: [String: Int] = [:]
            for row in state.statusLabels.rows {
                if let name = row["name"]?.stringValue, let id = row["id"]?.intValue { ids[name] = Int(id) }
            }
            return ids
        }
    }

    /// The one line `sniffer-bridge sim --snipeit` prints on start.
    public func startupLine(listen: String) -> String {
        var labels = JSONObject()
        for (name, id) in statusLabelIDs.sorted(by: { $0.value < $1.value }) { labels[name] = .int(Int64(id)) }
        let line: JSON = [
            "listen": .string(listen), "api": .string("http://\(listen)/api/v1"), "token": .string(token),
            "rateLimitPerMinute": .int(Int64(configuration.rateLimitPerMinute)), "statusLabels": .object(labels),
        ]
        return line.serialized()
    }

    // MARK: HTTPHandler

    public func handle(_ request: HTTPRequest, responder: HTTPResponder) {
        let path = String(request.path)
        if path.hasPrefix("/_sim/") {
            // The control plane is neither logged nor faulted: tests read the log through it.
            responder.respond(control(request).response)
            return
        }
        let fault = faults.withLock { $0.fire(method: request.method, path: path) }
        guard let fault, fault.latencyMs > 0 else {
            responder.respond(answer(request, fault: fault))
            return
        }
        Task {
            try? await Task.sleep(for: .milliseconds(fault.latencyMs))
            responder.respond(self.answer(request, fault: fault))
        }
    }

    private func answer(_ request: HTTPRequest, fault: SnipeITSimFault?) -> HTTPResponse {
        var answer: SnipeITSimAnswer
        switch fault?.action {
        case .status?:
            answer = .error(fault?.message ?? HTTPStatus.reason(fault?.status ?? 500), status: fault?.status ?? 500)
            if let retryAfter = fault?.retryAfter { answer.headers.append(("Retry-After", retryAfter)) }
        case .down?:
            // Laravel renders an HTTP 503 for a JSON request through the handler's default case.
            answer = .envelope(503, success: false, messages: 503)
        case .reset?:
            answer = SnipeITSimAnswer(status: 0, body: [], abort: true)
        case .loginRedirect?:
            answer = .loginRedirect(base: Self.base(of: request))
        case .htmlPage?:
            answer = .html(
                200, "<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body><form>…</form></body></html>\n")
        case .errorEnvelope?:
            answer = .error(fault?.message ?? "Error")
        case .latency?, nil:
            answer = serve(request)
        }
        let response = answer.response
        record(request, status: answer.abort ? 0 : answer.status, fault: fault?.id)
        return response
    }

    /// Authenticates, throttles and routes one API call.
    private func serve(_ request: HTTPRequest) -> SnipeITSimAnswer {
        let path = String(request.path)
        guard path == "/api/v1" || path.hasPrefix("/api/v1/") else {
            return .html(404, "<!DOCTYPE html>\n<html><head><title>404</title></head><body>Page not found</body></html>\n")
        }
        guard let token = Self.bearer(request), configuration.tokens.contains(token) else {
            if Self.expectsJSON(request) { return .json(401, ["error": "Unauthorized or unauthenticated."]) }
            return .loginRedirect(base: Self.base(of: request))
        }
        let now = configuration.now()
        let (verdict, limit, mode) = rateLimit.withLock { ($0.hit(token, now: now), $0.perMinute, $0.answer) }
        switch verdict {
        case .throttled(let retryAfter):
            return Self.throttled(retryAfter: retryAfter, limit: limit, mode: mode)
        case .allowed(let remaining):
            let segments = path.dropFirst("/api/v1".count).split(separator: "/").map { part in
                part.removingPercentEncoding ?? String(part)
            }
            let call = SnipeITSimCall(
                method: request.method, path: segments, query: SnipeITSimQuery(request.query), body: request.body, now: now)
            var answer = state.withLock { SnipeITSimRoutes.dispatch(call, &$0) }
            if limit > 0 {
                answer.headers.append(("X-RateLimit-Limit", String(limit)))
                answer.headers.append(("X-RateLimit-Remaining", String(remaining)))
            }
            return answer
        }
    }

    static func throttled(retryAfter: Int, limit: Int, mode: SnipeITSimRateLimitAnswer) -> SnipeITSimAnswer {
        switch mode {
        case .status429:
            var answer = SnipeITSimAnswer.error("Too many requests", status: 429)
            answer.headers += [
                ("Retry-After", String(retryAfter)), ("X-RateLimit-Limit", String(limit)), ("X-RateLimit-Remaining", "0"),
            ]
            return answer
        case .status429WithoutRetryAfter:
            return .error("Too many requests", status: 429)
        case .envelope:
            return .error("Too Many Requests.")
        }
    }

    /// The token of `Authorization: Bearer <token>`.
    static func bearer(_ request: HTTPRequest) -> String? {
        guard let value = request.headers["Authorization"] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1]).trimmingCharacters(in: .whitespaces)
    }

    /// Laravel's `expectsJson()`: the first acceptable type is JSON, or an
    /// XMLHttpRequest that accepts anything.
    static func expectsJSON(_ request: HTTPRequest) -> Bool {
        let accept = request.headers["Accept"] ?? ""
        let first = accept.split(separator: ",").first.map { $0.lowercased() } ?? ""
        if first.contains("/json") || first.contains("+json") { return true }
        let ajax = request.headers["X-Requested-With"] == "XMLHttpRequest"
        return ajax && (accept.isEmpty || first.hasPrefix("*/*"))
    }

    /// `http://<Host>`, where the login page would be.
    static func base(of request: HTTPRequest) -> String {
        "http://" + (request.headers["Host"] ?? "localhost")
    }

    private func record(_ request: HTTPRequest, status: Int, fault: Int?) {
        let entry = SnipeITSimRecordedRequest(request: request, status: status, fault: fault)
        log.withLock { log in
            if log.count >= configuration.requestLogLimit { log.removeFirst(log.count / 2) }
            log.append(entry)
        }
    }
}
