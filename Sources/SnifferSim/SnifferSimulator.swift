import Foundation
import HTTP
import JSON
import Synchronization

/// A faithful, in-memory simulator of the Sniffer API (see
/// `../shared/seeds/000_1e7bb440eb84b789.txt` and docs/OPERATIONS.md), served
/// through the `HTTPHandler` seam so tests can call it without sockets.
///
/// It seeds one company, one project and its statuses, authenticates
/// `api-token` exactly as the reference describes, answers in the reference's
/// envelope and error shape, and misbehaves on purpose through `SimFault`s.
public final class SnifferSimulator: HTTPHandler, Sendable {
    /// What a simulator starts with.
    public struct Configuration: Sendable {
        /// The clock for token expiry and timestamps.
        public var now: @Sendable () -> Date = { Date() }
        /// Faults armed from the start (the `--fault` flags).
        public var faults: [SimFault] = []
        /// Lifetime of the token minted for the seeded company.
        public var tokenLifetime: TimeInterval = 30 * 86_400
        /// Body field names that record a bug's external key (docs/OPERATIONS.md).
        public var integrationKeyField = "integrationKey"
        public var integrationPlatformField = "integrationPlatform"
        /// The platform assumed when a bug or a look-up names none.
        public var defaultPlatform = "SNIFFER_BRIDGE"
        /// Query parameter names of `GET /bugs/by-integration-key` (and `by-jira-key`'s key).
        public var byKeyKeyParameter = "key"
        public var byKeyPlatformParameter = "platform"
        public var byKeyProjectParameter = "project"
        /// The seeded project's statuses, in board order.
        public var statusNames = ["Open", "In Progress", "Resolved", "Closed", "Reopened"]
        /// At most this many received requests are kept for `GET /_sim/requests`.
        public var requestLogLimit = 10_000
        /// Statuses and tags seeded beyond the named ones, so that reading
        /// either list takes more than one page of the largest size (100).
        /// The extra statuses sit after the first named one, so that the
        /// later named ones ("Resolved") are on the second page.
        public var fillerStatuses = 100
        public var fillerTags = 100
        /// Answer 409 to a second `POST /bug` with an integration key some
        /// bug already has. The reference promises no such uniqueness, so by
        /// default a blind re-create shows up as a second bug.
        public var conflictOnDuplicateKey = false
        /// Reject what a strictly validating API would: properties the
        /// reference does not show (400 naming the property), tags that are
        /// not tag ids of the project (`SimStrictness`). The test suite runs
        /// strict, so that it catches a body a real Sniffer may refuse.
        public var strict = false
        /// The name documents give their id in answers: `_id`, as the
        /// reference's examples show, or `id`.
        public var idField: IDField = .underscore

        /// How answers spell a document's id.
        public enum IDField: String, Sendable, CaseIterable {
            case underscore = "_id"
            case plain = "id"
        }

        public init() {}

        /// The defaults, strict: what the test suite and the demo run against.
        public static var strict: Configuration {
            var configuration = Configuration()
            configuration.strict = true
            return configuration
        }
    }

    /// The seeded company, project, statuses and a token for them.
    public struct Seed: Sendable {
        public var company: String
        public var project: String
        /// Status names to ids, in board order.
        public var statuses: [(name: String, id: String)]
        public var token: String
    }

    let configuration: Configuration
    let state: Mutex<SimState>
    let faults: Mutex<SimFaultTable>
    let log: Mutex<[SimRecordedRequest]>
    /// Tokens expired by an `expireToken` fault.
    let expiredTokens = Mutex<Set<String>>([])
    public let seed: Seed

    /// A simulator with fresh seeded state, or with `state` loaded from a file
    /// written by `save(to:)`.
    public init(configuration: Configuration = Configuration(), stateFile: URL? = nil) throws {
        self.configuration = configuration
        var initial = SimState()
        if let stateFile, FileManager.default.fileExists(atPath: stateFile.path) {
            let bytes = try [UInt8](Data(contentsOf: stateFile))
            initial = try SimState(json: SimJSON.parse(bytes))
            initial.reindex(keyField: configuration.integrationKeyField, platformField: configuration.integrationPlatformField)
        }
        let now = configuration.now()
        if initial.projects.count == 0 {
            let company = initial.newID()
            var names = configuration.statusNames
            let filler = (0..<max(0, configuration.fillerStatuses)).map { "\(SimRoutes.fillerStatusPrefix)\($0 + 1)" }
            names.insert(contentsOf: filler, at: min(1, names.count))
            let project = SimRoutes.createProject(
                in: &initial, company: company, name: "Sniffer Bridge Demo", key: "SBD", statusNames: names, now: now)
            for number in 0..<max(0, configuration.fillerTags) {
                initial.tags.insert([
                    "_id": .string(initial.newID()), "company": .string(company), "project": project["_id"] ?? .null,
                    "name": .string("archived-tag-\(number + 1)"), "type": "BUG", "color": "#6B7280",
                    "createdAt": SimState.timestamp(now),
                ])
            }
        }
        guard let project = initial.projects.records.first, let projectID = project["_id"]?.stringValue,
            let company = project["company"]?.stringValue
        else { throw SimState.LoadError(description: "state file: the first project needs \"_id\" and \"company\"") }
        let statuses = SimRoutes.statuses(of: projectID, company: company, in: initial).compactMap { s -> (String, String)? in
            guard let name = s["name"]?.stringValue, let id = s["_id"]?.stringValue,
                !name.hasPrefix(SimRoutes.fillerStatusPrefix)
            else { return nil }
            return (name, id)
        }
        seed = Seed(
            company: company, project: projectID, statuses: statuses.map { (name: $0.0, id: $0.1) },
            token: SimToken.mint(companyID: company, expiresAt: now.addingTimeInterval(configuration.tokenLifetime)))
        state = Mutex(initial)
        var table = SimFaultTable()
        for fault in configuration.faults { _ = table.add(fault) }
        faults = Mutex(table)
        log = Mutex([])
    }

    /// A token for `company`, valid for `lifetime` seconds from now.
    public func mintToken(company: String, lifetime: TimeInterval) -> String {
        SimToken.mint(companyID: company, expiresAt: configuration.now().addingTimeInterval(lifetime))
    }

    /// Arms a fault; the answer carries its id.
    @discardableResult
    public func addFault(_ fault: SimFault) -> SimFault {
        faults.withLock { $0.add(fault) }
    }

    public func removeAllFaults() {
        faults.withLock { $0.removeAll() }
    }

    public var armedFaults: [SimFault] {
        faults.withLock { $0.faults }
    }

    /// What the simulator received, oldest first (the `api-token` value is
    /// never kept).
    public var receivedRequests: [SimRecordedRequest] {
        log.withLock { $0 }
    }

    public func clearReceivedRequests() {
        log.withLock { $0.removeAll() }
    }

    /// Writes the whole state as JSON (atomically: a temporary file, then a rename).
    public func save(to url: URL) throws {
        let bytes = state.withLock { SimJSON.serialize($0.json) }
        try Data(bytes).write(to: url, options: .atomic)
    }

    /// How many bugs the company holds (tests count duplicates with it).
    public func bugCount(company: String? = nil) -> Int {
        let company = company ?? seed.company
        return state.withLock { $0.bugs.all(company: company).count }
    }

    /// The one line `sniffer-bridge sim` prints on start.
    public func startupLine(listen: String) -> String {
        var statuses = JSONObject()
        for status in seed.statuses { statuses[status.name] = .string(status.id) }
        let line: JSON = [
            "listen": .string(listen), "token": .string(seed.token), "company": .string(seed.company),
            "project": .string(seed.project), "statuses": .object(statuses),
        ]
        return SimJSON.string(line)
    }

    // MARK: HTTPHandler

    public func handle(_ request: HTTPRequest, responder: HTTPResponder) {
        let path = String(request.path)
        if path.hasPrefix("/_sim/") {
            // The control plane is not logged: tests read the log through it.
            responder.respond(finish(control(request), started: .now))
            return
        }
        let fault = faults.withLock { $0.fire(method: request.method, path: path) }
        guard let fault, fault.latencyMs > 0 else {
            responder.respond(answer(request, fault: fault, started: .now))
            return
        }
        let started = ContinuousClock.now
        Task {
            try? await Task.sleep(for: .milliseconds(fault.latencyMs))
            responder.respond(self.answer(request, fault: fault, started: started))
        }
    }

    /// Applies a fault (if any) and the request; records what was answered.
    private func answer(_ request: HTTPRequest, fault: SimFault?, started: ContinuousClock.Instant) -> HTTPResponse {
        var response: HTTPResponse
        switch fault?.action {
        case .status?:
            response = finish(faultAnswer(fault), started: started)
        case .reset?:
            response = .abort
        case .applyThenDrop?:
            _ = serve(request)
            response = .abort
        case .expireToken?:
            if let token = request.headers["api-token"] { expiredTokens.withLock { _ = $0.insert(token) } }
            response = finish(serve(request), started: started)
        case .latency?, nil:
            response = finish(serve(request), started: started)
        }
        record(request, status: response.abortConnection ? 0 : response.status, fault: fault?.id)
        return response
    }

    private func faultAnswer(_ fault: SimFault?) -> (Int, JSON, [(String, String)]) {
        guard let fault else { return (500, SimError(status: 500, message: "fault").body, []) }
        let error = SimError(status: fault.status, message: fault.message ?? SimError.reason(fault.status))
        var headers: [(String, String)] = []
        if let retryAfter = fault.retryAfter { headers.append(("Retry-After", retryAfter)) }
        return (fault.status, fault.body ?? error.body, headers)
    }

    /// Authenticates and routes one API call: (status, body, extra headers).
    private func serve(_ request: HTTPRequest) -> (Int, JSON, [(String, String)]) {
        let token = request.headers["api-token"]
        let company: String
        switch SimToken.verify(token, now: configuration.now()) {
        case .failure(let rejection):
            return (401, SimError.unauthorized(rejection.message).body, [])
        case .success(let granted):
            if let token, expiredTokens.withLock({ $0.contains(token) }) {
                return (401, SimError.unauthorized(SimToken.Rejection.expired.message).body, [])
            }
            company = granted
        }
        let query = SimQuery(request.query)
        do {
            var body: JSON? = nil
            if !request.body.isEmpty {
                do { body = try SimJSON.parse(request.body) } catch { throw SimError.badRequest("Invalid JSON in request body") }
            }
            let call = SimCall(
                method: request.method, path: request.path.split(separator: "/").map(String.init), query: query,
                body: body, company: company, now: configuration.now(), configuration: configuration)
            let (status, payload) = try state.withLock { try SimRoutes.dispatch(call, &$0) }
            var data: JSONObject = [:]
            let localData = request.method != "GET" || query["withLocalData"] != "false"
            let document = configuration.idField == .plain ? Self.renamingIDs(payload) : payload
            if localData { data["localData"] = document }
            // The simulator's stand-in for the AES copy: base64 of the JSON payload.
            data["encryptData"] = .string(Data(SimJSON.serialize(document)).base64EncodedString())
            return (status, ["status": .int(Int64(status)), "data": .object(data)], [])
        } catch let error as SimError {
            return (error.status, error.body, error.headers)
        } catch {
            return (500, SimError(status: 500, message: "Internal server error").body, [])
        }
    }

    /// `payload` with every `_id` key renamed `id`, at any depth.
    static func renamingIDs(_ payload: JSON) -> JSON {
        switch payload {
        case .object(let object):
            var renamed = JSONObject()
            for (key, value) in object { renamed[key == "_id" ? "id" : key] = renamingIDs(value) }
            return .object(renamed)
        case .array(let items):
            return .array(items.map(renamingIDs))
        default:
            return payload
        }
    }

    /// Serializes a body and adds the headers every answer carries.
    func finish(_ answer: (Int, JSON, [(String, String)]), started: ContinuousClock.Instant) -> HTTPResponse {
        let body = SimJSON.serialize(answer.1)
        var headers: HTTPHeaders = ["Content-Type": "application/json; charset=utf-8"]
        for (name, value) in answer.2 { headers.add(name, value) }
        let elapsed = ContinuousClock.now - started
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        headers.add("X-Response-Time", String(format: "%.3fms", ms))
        headers.add("X-Response-Size", String(body.count))
        return HTTPResponse(status: answer.0, headers: headers, body: body)
    }

    private func record(_ request: HTTPRequest, status: Int, fault: Int?) {
        let entry = SimRecordedRequest(request: request, status: status, fault: fault)
        log.withLock { log in
            if log.count >= configuration.requestLogLimit { log.removeFirst(log.count / 2) }
            log.append(entry)
        }
    }
}
