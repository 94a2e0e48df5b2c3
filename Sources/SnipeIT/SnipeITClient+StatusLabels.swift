import JSON

extension SnipeITClient {
    /// `GET /api/v1/statuslabels`, every page; refreshes `statusLabelCache`.
    public func statusLabels() async -> SnipeITOutcome<[SnipeITStatusLabel]> {
        var all: [SnipeITStatusLabel] = []
        let limit = SnipeITList<SnipeITStatusLabel>.maximumLimit
        while true {
            switch await statusLabels(limit: limit, offset: all.count) {
            case .success(let page):
                all += page.rows
                guard page.hasMore, !page.rows.isEmpty else {
                    statusLabelCache.replace(with: all)
                    return .success(all)
                }
            case let other:
                return other.map { _ in [] }
            }
        }
    }

    /// One page of `GET /api/v1/statuslabels`.
    public func statusLabels(limit: Int, offset: Int) async -> SnipeITOutcome<SnipeITList<SnipeITStatusLabel>> {
        await read("/statuslabels", query: Self.page(limit: limit, offset: offset)) { json in
            SnipeITList.decode(json, offset: max(0, offset), limit: Self.clamp(limit: limit)) {
                SnipeITStatusLabel.decode(HTMLEntities.unescape($0))
            }
        }
    }

    /// The label called `name` (case-insensitive, surrounding spaces
    /// ignored), from the cache; a miss reads every label again, once.
    /// A name no label has is `notFound`.
    public func statusLabel(named name: String) async -> SnipeITOutcome<SnipeITStatusLabel> {
        if let label = statusLabelCache.label(named: name) { return .success(label) }
        switch await statusLabels() {
        case .success:
            guard let label = statusLabelCache.label(named: name) else {
                return .notFound(.text("no status label named \"\(name)\""))
            }
            return .success(label)
        case let other:
            return other.map { _ in SnipeITStatusLabel(id: 0, name: "", type: "") }
        }
    }

    /// The id of the label called `name` (see `statusLabel(named:)`).
    public func statusLabelID(named name: String) async -> SnipeITOutcome<Int> {
        await statusLabel(named: name).map(\.id)
    }
}
