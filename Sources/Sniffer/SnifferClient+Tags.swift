import JSON

extension SnifferClient {
    /// `GET /tags?project=`.
    public func tags(project: String, page: Int = 1, size: Int = 100) async -> SnifferOutcome<SnifferPage<SnifferTag>> {
        await call("GET", "/tags", query: [("project", project), ("page", String(page)), ("size", String(size))])
            .flatMap { SnifferPage.decode($0, page: page, size: size, item: SnifferTag.decode) }
    }

    /// `POST /tag` with the tag's name and project: the reference names the
    /// call but shows no body, so only what a tag must have is sent.
    public func createTag(name: String, project: String) async -> SnifferOutcome<SnifferTag> {
        await call("POST", "/tag", body: ["name": .string(name), "project": .string(project)]).flatMap(SnifferTag.decode)
    }

    /// The ids of the tags called `names` in `project`, in the same order
    /// (names compare case-insensitively; a repeated name gives one id).
    ///
    /// Known names come from the cache. A miss reads every page of the
    /// project's tags again; a tag still missing is created. Creating one is
    /// an effect like any other, so it happens once: the list is read again
    /// just before each create (an earlier attempt whose answer was lost
    /// shows up there), a 409 is answered by reading the list, and creates
    /// run one at a time.
    public func tagIDs(named names: [String], project: String) async -> SnifferOutcome<[String]> {
        let wanted = Self.distinct(names)
        if let ids = cachedTagIDs(wanted, project: project) { return .success(ids) }
        return await tagCreation.run {
            for name in wanted where tagCache.id(named: name, project: project) == nil {
                let refreshed = await refreshTags(project: project)
                guard refreshed.value != nil else { return refreshed.map { _ in [] } }
                guard tagCache.id(named: name, project: project) == nil else { continue }
                switch await createTag(name: name, project: project) {
                case .success(let tag):
                    tagCache.add(name: tag.name, id: tag.id, project: project)
                    if tagCache.id(named: name, project: project) == nil { tagCache.add(name: name, id: tag.id, project: project) }
                case .conflict(let error):
                    let refreshed = await refreshTags(project: project)
                    guard refreshed.value != nil else { return refreshed.map { _ in [] } }
                    guard tagCache.id(named: name, project: project) != nil else { return .conflict(error) }
                case let other:
                    return other.map { _ in [] }
                }
            }
            guard let ids = cachedTagIDs(wanted, project: project) else {
                return .invalidResponse("tags of project \(project): a tag just created is not listed")
            }
            return .success(ids)
        }
    }

    private func cachedTagIDs(_ names: [String], project: String) -> [String]? {
        var ids: [String] = []
        for name in names {
            guard let id = tagCache.id(named: name, project: project) else { return nil }
            if !ids.contains(id) { ids.append(id) }
        }
        return ids
    }

    private func refreshTags(project: String) async -> SnifferOutcome<Void> {
        await allPages { await self.tags(project: project, page: $0, size: 100) }.map { all in
            tagCache.replace(project: project, with: all.map { (name: $0.name, id: $0.id) })
        }
    }

    /// `names` without blanks and without repeats (compared as the cache compares them).
    static func distinct(_ names: [String]) -> [String] {
        var seen: Set<String> = []
        return names.filter { name in
            let folded = SnifferNameCache.fold(name)
            return !folded.isEmpty && seen.insert(folded).inserted
        }
    }
}
