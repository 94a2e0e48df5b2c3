import JSON

/// The rows of one table (assets, users, ...) as the database holds them:
/// JSON objects with a numeric `id`, in id order, found by id in O(1).
struct SnipeITSimTable: Sendable {
    private(set) var rows: [JSONObject] = []
    private var index: [Int: Int] = [:]
    private(set) var nextID = 1

    init(_ rows: [JSONObject] = []) {
        for row in rows { insert(row) }
    }

    /// Adds `row`, giving it the next id when it has none; answers the row as stored.
    @discardableResult
    mutating func insert(_ row: JSONObject) -> JSONObject {
        var row = row
        let id = row["id"]?.intValue.map(Int.init) ?? nextID
        row["id"] = .int(Int64(id))
        nextID = max(nextID, id + 1)
        if let at = index[id] {
            rows[at] = row
        } else {
            index[id] = rows.count
            rows.append(row)
        }
        return row
    }

    subscript(id: Int) -> JSONObject? {
        index[id].map { rows[$0] }
    }

    /// Changes the row `id` in place; `nil` when there is none.
    mutating func update(_ id: Int, _ change: (inout JSONObject) -> Void) -> JSONObject? {
        guard let at = index[id] else { return nil }
        change(&rows[at])
        return rows[at]
    }

    func filter(_ keep: (JSONObject) -> Bool) -> [JSONObject] {
        rows.filter(keep)
    }
}
