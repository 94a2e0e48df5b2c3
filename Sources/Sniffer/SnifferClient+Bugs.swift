import JSON
import Outbound

extension SnifferClient {
    /// `POST /bug`. With an integration key, creation is idempotent:
    /// a 409 ("already exists") is resolved by looking the bug up by its key,
    /// and `lookUpFirst` (for retries after a lost response) looks it up
    /// before creating.
    public func createBug(_ draft: SnifferBugDraft, lookUpFirst: Bool = false) async -> SnifferOutcome<SnifferCreatedBug> {
        let platform = draft.integrationPlatform ?? configuration.defaultPlatform
        if lookUpFirst, let key = draft.integrationKey {
            switch await bug(integrationKey: key, platform: platform, project: draft.project) {
            case .success(let bug): return .success(SnifferCreatedBug(bug: bug, alreadyExisted: true))
            case .notFound: break
            case let other: return other.map { SnifferCreatedBug(bug: $0, alreadyExisted: true) }
            }
        }
        let outcome = await call("POST", "/bug", body: body(of: draft, platform: platform))
        if case .conflict(let error) = outcome, let key = draft.integrationKey {
            switch await bug(integrationKey: key, platform: platform, project: draft.project) {
            case .success(let bug): return .success(SnifferCreatedBug(bug: bug, alreadyExisted: true))
            case .notFound: return .conflict(error)
            case let other: return other.map { SnifferCreatedBug(bug: $0, alreadyExisted: true) }
            }
        }
        return outcome.flatMap(decodeBug).map { SnifferCreatedBug(bug: $0, alreadyExisted: false) }
    }

    func body(of draft: SnifferBugDraft, platform: String) -> JSON {
        var body = draft.extra
        body["summary"] = .string(draft.summary)
        body["project"] = .string(draft.project)
        if let description = draft.description { body["description"] = .string(description) }
        if let status = draft.bugStatus { body["bugStatus"] = .string(status) }
        if let severity = draft.severity { body["severity"] = .string(severity) }
        if let type = draft.type { body["type"] = .string(type) }
        if let bugFor = draft.bugFor { body["bugFor"] = .string(bugFor) }
        body["tags"] = .array(draft.tags.map { .string($0) })
        body["assignTo"] = .array(draft.assignTo.map { .string($0) })
        if let key = draft.integrationKey {
            body[configuration.integrationKeyField] = .string(key)
            body[configuration.integrationPlatformField] = .string(platform)
        }
        return .object(body)
    }

    /// `GET /bugs/by-integration-key?key=&platform=&project=`: the bug, or `notFound`.
    public func bug(integrationKey key: String, platform: String? = nil, project: String? = nil) async -> SnifferOutcome<SnifferBug> {
        var query = [
            (configuration.byKeyKeyParameter, key),
            (configuration.byKeyPlatformParameter, platform ?? configuration.defaultPlatform),
        ]
        if let project { query.append((configuration.byKeyProjectParameter, project)) }
        return await call("GET", "/bugs/by-integration-key", query: query).flatMap(decodeBug)
    }

    /// `GET /bug/:id`.
    public func bug(id: String) async -> SnifferOutcome<SnifferBug> {
        await call("GET", "/bug/" + PercentEncoding.escape(id)).flatMap(decodeBug)
    }

    /// `PATCH /bug/:id` with the fields to change (e.g. `["bugStatus": "<id>"]`).
    public func updateBug(id: String, _ fields: JSONObject) async -> SnifferOutcome<SnifferBug> {
        await call("PATCH", "/bug/" + PercentEncoding.escape(id), body: .object(fields)).flatMap(decodeBug)
    }

    /// The bug whose `bugNumber` is `number` (the number people see).
    ///
    /// The reference has no look-up by number, so the search is asked for
    /// the number and its hits are checked for that exact `bugNumber`. An API
    /// whose ids are themselves numbers is then asked `GET /bug/<number>`.
    public func bug(number: Int64, project: String?) async -> SnifferOutcome<SnifferBug> {
        switch await searchBugs(String(number), project: project) {
        case .success(let hits):
            if let bug = hits.first(where: { $0.number == number }) { return .success(bug) }
        case let other:
            return other.map { _ in SnifferBug(id: "", summary: "", project: "", raw: [:]) }
        }
        switch await bug(id: String(number)) {
        case .notFound:
            let scope = project.map { " in project \($0)" } ?? ""
            return .notFound(SnifferAPIError(statusCode: 404, message: "no bug #\(number)\(scope)", error: "Not Found"))
        case let other:
            return other
        }
    }

    /// `GET /bugs` filtered by project and status ids.
    public func bugs(project: String? = nil, statuses: [String] = [], page: Int = 1, size: Int = 20) async
        -> SnifferOutcome<SnifferPage<SnifferBug>>
    {
        var query: [(String, String)] = [("page", String(page)), ("size", String(size))]
        if let project { query.append(("project", project)) }
        if !statuses.isEmpty { query.append(("statuses", statuses.joined(separator: ","))) }
        return await call("GET", "/bugs", query: query).flatMap {
            SnifferPage.decode($0, page: page, size: size, item: decodeBug)
        }
    }

    /// `GET /bugs/search?search=TEXT` (at most 30 hits).
    public func searchBugs(_ text: String, project: String? = nil) async -> SnifferOutcome<[SnifferBug]> {
        var query = [("search", text)]
        if let project { query.append(("project", project)) }
        return await call("GET", "/bugs/search", query: query).flatMap { json in
            guard let items = json["items"]?.arrayValue ?? json.arrayValue else {
                return .failure(SnifferDecodingError("search: expected an \"items\" array"))
            }
            return Self.all(items, decodeBug)
        }
    }

    static func all<T>(_ items: [JSON], _ decode: (JSON) -> Result<T, SnifferDecodingError>) -> Result<[T], SnifferDecodingError> {
        var out: [T] = []
        for item in items {
            switch decode(item) {
            case .success(let value): out.append(value)
            case .failure(let error): return .failure(error)
            }
        }
        return .success(out)
    }
}
