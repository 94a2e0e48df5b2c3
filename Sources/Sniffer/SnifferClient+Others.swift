import JSON

extension SnifferClient {
    /// `POST /comment`.
    public func createComment(bug: String, text: String, type: String = "COMMENT") async -> SnifferOutcome<SnifferComment> {
        await call("POST", "/comment", body: ["bug": .string(bug), "text": .string(text), "type": .string(type)])
            .flatMap(SnifferComment.decode)
    }

    /// `GET /comments?bug=&project=`.
    public func comments(bug: String? = nil, project: String? = nil, page: Int = 1, size: Int = 20) async
        -> SnifferOutcome<SnifferPage<SnifferComment>>
    {
        var query: [(String, String)] = [("page", String(page)), ("size", String(size))]
        if let bug { query.append(("bug", bug)) }
        if let project { query.append(("project", project)) }
        return await call("GET", "/comments", query: query).flatMap {
            SnifferPage.decode($0, page: page, size: size, item: SnifferComment.decode)
        }
    }

    /// `GET /statuses?project=`.
    public func statuses(project: String, page: Int = 1, size: Int = 100) async -> SnifferOutcome<SnifferPage<SnifferStatus>> {
        await call("GET", "/statuses", query: [("project", project), ("page", String(page)), ("size", String(size))])
            .flatMap { SnifferPage.decode($0, page: page, size: size, item: SnifferStatus.decode) }
    }

    /// `GET /projects`.
    public func projects(page: Int = 1, size: Int = 20) async -> SnifferOutcome<SnifferPage<SnifferProject>> {
        await call("GET", "/projects", query: [("page", String(page)), ("size", String(size))])
            .flatMap { SnifferPage.decode($0, page: page, size: size, item: SnifferProject.decode) }
    }

    /// The id of the status called `name` (case-insensitive) in `project`,
    /// from the cache; a miss refreshes the project's statuses once.
    public func statusID(named name: String, project: String) async -> SnifferOutcome<String> {
        if let id = statusCache.id(named: name, project: project) { return .success(id) }
        var all: [SnifferStatus] = []
        var page = 1
        while true {
            switch await statuses(project: project, page: page) {
            case .success(let list):
                all += list.items
                guard list.hasMore, !list.items.isEmpty else {
                    statusCache.replace(project: project, with: all)
                    guard let id = statusCache.id(named: name, project: project) else {
                        return .notFound(SnifferAPIError(
                            statusCode: 404, message: "no status named \"\(name)\" in project \(project)", error: "Not Found"))
                    }
                    return .success(id)
                }
                page += 1
            case let other:
                return other.map { _ in "" }
            }
        }
    }
}
