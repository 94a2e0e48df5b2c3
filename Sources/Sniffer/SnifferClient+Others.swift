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
    /// from the cache; a miss refreshes the project's statuses, every page, once.
    public func statusID(named name: String, project: String) async -> SnifferOutcome<String> {
        if let id = statusCache.id(named: name, project: project) { return .success(id) }
        switch await allPages({ await self.statuses(project: project, page: $0, size: 100) }) {
        case .success(let all):
            statusCache.replace(project: project, with: all.map { (name: $0.name, id: $0.id) })
        case let other:
            return other.map { _ in "" }
        }
        guard let id = statusCache.id(named: name, project: project) else {
            return .notFound(SnifferAPIError(
                statusCode: 404, message: "no status named \"\(name)\" in project \(project)", error: "Not Found"))
        }
        return .success(id)
    }

    /// Every item of a paginated list, page after page until the total is
    /// reached (or a page comes back empty).
    func allPages<Item>(_ page: (Int) async -> SnifferOutcome<SnifferPage<Item>>) async -> SnifferOutcome<[Item]> {
        var all: [Item] = []
        var number = 1
        while true {
            switch await page(number) {
            case .success(let list):
                all += list.items
                guard list.hasMore, !list.items.isEmpty else { return .success(all) }
                number += 1
            case let other:
                return other.map { _ in [] }
            }
        }
    }
}
