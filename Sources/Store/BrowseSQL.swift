/// The `WHERE` clauses of `StoreBrowsing`, written once for SQLite (`?`,
/// `instr`) and PostgreSQL (`$1`, `strpos`): each store binds the values
/// in its own type.
struct BrowseSQL {
    enum Dialect { case sqlite, postgres }

    /// A value to bind, in order.
    enum Value: Equatable {
        case int(Int64)
        case text(String)
    }

    let dialect: Dialect
    private(set) var conditions: [String] = []
    private(set) var values: [Value] = []

    init(_ dialect: Dialect) { self.dialect = dialect }

    /// The placeholder of the next value bound.
    private var next: String { dialect == .sqlite ? "?" : "$\(values.count + 1)" }

    /// `true` when `haystack` contains the next value (bound by the caller's `add`).
    private func contains(_ haystack: String, _ placeholder: String) -> String {
        dialect == .sqlite ? "instr(\(haystack), \(placeholder)) > 0" : "strpos(\(haystack), \(placeholder)) > 0"
    }

    /// Adds `condition`, where `$` stands for the placeholder of `value`.
    mutating func add(_ condition: String, _ value: Value) {
        conditions.append(condition.replacingOccurrences(of: "$", with: next))
        values.append(value)
    }

    mutating func addContains(_ haystack: String, _ text: String) {
        conditions.append(contains(haystack, next))
        values.append(.text(text))
    }

    /// `WHERE a AND b`, or nothing.
    var whereClause: String { conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ") }

    /// The events query, then `LIMIT` bound last.
    static func events(_ query: EventQuery, _ dialect: Dialect) -> (sql: String, values: [Value]) {
        var sql = BrowseSQL(dialect)
        if let source = query.source { sql.add("source = $", .text(source)) }
        if let state = query.state { sql.add("state = $", .int(state.code)) }
        if let since = query.since { sql.add("received_at >= $", .int(since)) }
        if let until = query.until { sql.add("received_at < $", .int(until)) }
        if let before = query.before { sql.add("id < $", .int(before)) }
        if let key = query.keyContains {
            let contains = sql.contains("actions.dedup_key", sql.next)
            sql.conditions.append("EXISTS (SELECT 1 FROM actions WHERE actions.event_id = events.id AND \(contains))")
            sql.values.append(.text(key))
        }
        let limit = sql.next
        sql.values.append(.int(Int64(query.limit)))
        return ("""
            SELECT id, source, delivery_id, name, received_at, state, dispatched_at,
                (SELECT count(*) FROM actions WHERE actions.event_id = events.id)
            FROM events \(sql.whereClause) ORDER BY id DESC LIMIT \(limit)
            """, sql.values)
    }

    /// Events by source since `$1`: the scan starts after the newest event
    /// received before it (ids follow the order of arrival), so it reads the
    /// recent rows only, without an index on the receive time.
    static func recentEvents(_ dialect: Dialect) -> String {
        let since = dialect == .sqlite ? "?1" : "$1"
        return """
            SELECT source, count(*) FROM events
            WHERE id > coalesce((SELECT id FROM events WHERE received_at < \(since) ORDER BY id DESC LIMIT 1), 0)
                AND received_at >= \(since)
            GROUP BY source
            """
    }

    /// Attempts by their action's kind and outcome since `$1`.
    static func recentAttempts(_ dialect: Dialect) -> String {
        let since = dialect == .sqlite ? "?1" : "$1"
        return """
            SELECT actions.kind, attempts.outcome, count(*) FROM attempts JOIN actions ON actions.id = attempts.action_id
            WHERE attempts.at >= \(since) GROUP BY actions.kind, attempts.outcome
            """
    }

    /// The actions query (`columns` selected), then `LIMIT` bound last.
    static func actions(_ query: ActionQuery, columns: String, _ dialect: Dialect) -> (sql: String, values: [Value]) {
        var sql = BrowseSQL(dialect)
        if let state = query.state { sql.add("state = $", .int(state.code)) }
        if let source = query.source { sql.add("event_id IN (SELECT id FROM events WHERE source = $)", .text(source)) }
        if let key = query.keyContains { sql.addContains("dedup_key", key) }
        if let before = query.before { sql.add("id < $", .int(before)) }
        let limit = sql.next
        sql.values.append(.int(Int64(query.limit)))
        return ("SELECT \(columns) FROM actions \(sql.whereClause) ORDER BY id DESC LIMIT \(limit)", sql.values)
    }
}
