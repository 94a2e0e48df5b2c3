import JSON

/// Records of one kind (bugs, comments, ...) in creation order, each a JSON
/// object with an `_id` and a `company`, found by id in O(1).
struct SimCollection: Sendable {
    private(set) var records: [JSONObject] = []
    private var index: [String: Int] = [:]

    init() {}

    init(records: [JSONObject]) {
        for record in records { insert(record) }
    }

    var count: Int { records.count }

    mutating func insert(_ record: JSONObject) {
        guard let id = record["_id"]?.stringValue else { return }
        if let at = index[id] {
            records[at] = record
        } else {
            index[id] = records.count
            records.append(record)
        }
    }

    /// The record `id` when it belongs to `company` (another company's record
    /// is as invisible as a missing one: the reference's 404 for "mismatched
    /// company scope").
    func get(_ id: String, company: String) -> JSONObject? {
        guard let at = index[id], records[at]["company"]?.stringValue == company else { return nil }
        return records[at]
    }

    mutating func update(_ id: String, company: String, _ change: (inout JSONObject) throws -> Void) rethrows -> JSONObject? {
        guard let at = index[id], records[at]["company"]?.stringValue == company else { return nil }
        try change(&records[at])
        return records[at]
    }

    func all(company: String, where keep: (JSONObject) -> Bool = { _ in true }) -> [JSONObject] {
        records.filter { $0["company"]?.stringValue == company && keep($0) }
    }
}
