/// The append path: a batch of events (and their actions) in a fixed number
/// of statements, whatever its size.
extension PostgresStore {
    /// Writes `rows` in one transaction's worth of statements and returns
    /// each one's result, in order. An event comes with its actions
    /// dispatched only while no event waits for the dispatcher (none in the
    /// table, none stored pending earlier in the batch), so one key's
    /// actions keep event order.
    static func insert(_ rows: [(EventRow, [NewAction]?)], _ connection: PGConnection) throws(StoreError) -> [AppendResult] {
        var noneWaiting = true
        if rows.contains(where: { $0.1 != nil }) {
            noneWaiting = try connection.integer("SELECT count(*) FROM (SELECT 1 FROM events WHERE state = 0 LIMIT 1) p") == 0
        }
        var dispatched: [Bool] = []
        for (_, actions) in rows {
            let now = actions != nil && noneWaiting
            dispatched.append(now)
            if !now { noneWaiting = false }
        }

        // The events: one INSERT; a redelivery is skipped by the unique index.
        var inserted: [String: Int64] = [:]
        try connection.query("""
            INSERT INTO events(source, delivery_id, name, received_at, headers, payload, payload_codec, state, dispatched_at)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bytea[], $6::bytea[], $7::smallint[],
                                 $8::smallint[], $9::bigint[])
            ON CONFLICT (source, delivery_id) DO NOTHING
            RETURNING id, source, delivery_id
            """,
            [.textArray(rows.map(\.0.event.source)), .textArray(rows.map(\.0.event.deliveryID)),
             .textArray(rows.map(\.0.event.name)), .intArray(rows.map { $0.0.event.receivedAt }),
             .byteaArray(rows.map(\.0.headers)), .byteaArray(rows.map(\.0.stored)),
             .intArray(rows.map { Int64($0.0.codec.rawValue) }),
             .intArray(dispatched.map { $0 ? EventState.dispatched.code : EventState.pending.code }),
             .intArray(zip(rows, dispatched).map { row, now in now ? row.0.event.receivedAt : nil })]
        ) { row in inserted[identity(row.text(1), row.text(2))] = row.int(0) }

        var results: [AppendResult] = []
        var missing: [Int] = []
        var claimed = Set<String>()
        for (index, (row, _)) in rows.enumerated() {
            let key = identity(row.event.source, row.event.deliveryID)
            if let id = inserted[key], claimed.insert(key).inserted {
                results.append(dispatched[index] ? .dispatched(id) : .stored(id))
            } else {
                results.append(.duplicate(0))
                missing.append(index)
            }
        }
        if !missing.isEmpty {
            var existing: [String: Int64] = inserted
            try connection.query("""
                SELECT e.id, e.source, e.delivery_id FROM events e
                JOIN unnest($1::text[], $2::text[]) AS d(source, delivery_id) USING (source, delivery_id)
                """, [.textArray(missing.map { rows[$0].0.event.source }), .textArray(missing.map { rows[$0].0.event.deliveryID })]
            ) { row in existing[identity(row.text(1), row.text(2))] = row.int(0) }
            for index in missing {
                let event = rows[index].0.event
                guard let id = existing[identity(event.source, event.deliveryID)] else {
                    throw StoreError(.database, "event insert changed nothing and found no duplicate")
                }
                results[index] = .duplicate(id)
            }
        }

        // The actions of the events stored dispatched: one INSERT, at the
        // back of their keys' queues, under the keys' locks.
        var actions: [(eventID: Int64, sequence: Int, action: NewAction, now: EpochMillis)] = []
        for (index, (row, list)) in rows.enumerated() {
            guard case .dispatched(let id) = results[index], let list else { continue }
            for (sequence, action) in list.enumerated() { actions.append((id, sequence, action, row.event.receivedAt)) }
        }
        if !actions.isEmpty { try insertActions(actions, connection) }
        return results
    }

    private static func identity(_ source: String, _ deliveryID: String) -> String { source + "\u{0}" + deliveryID }

    /// `actions` (in order) at the back of their keys' queues: positions
    /// taken in order, and the head only for a key with nothing unfinished.
    /// Returns their ids, in the same order.
    @discardableResult
    static func insertActions(
        _ actions: [(eventID: Int64, sequence: Int, action: NewAction, now: EpochMillis)], _ connection: PGConnection
    ) throws(StoreError) -> [Int64] {
        let keys = actions.map(\.action.dedupKey)
        try lock(keys: keys, connection)
        var busy = Set<String>()
        // One index probe per key, however long its queue (a storm of one key holds thousands).
        try connection.query("""
            SELECT k FROM unnest($1::text[]) AS k
            WHERE EXISTS (SELECT 1 FROM actions WHERE dedup_key = k AND state IN (0, 1))
            """, [.textArray(Array(Set(keys)))]
        ) { row in busy.insert(row.text(0)) }
        var positions: [Int64] = []
        try connection.query("SELECT nextval('action_position') FROM generate_series(1, $1)", [.int(Int64(actions.count))]) { row in
            positions.append(row.int(0))
        }
        positions.sort()
        var heads: [Bool] = []
        for key in keys { heads.append(busy.insert(key).inserted) }
        var ids: [Int64: Int64] = [:]
        try connection.query("""
            INSERT INTO actions(event_id, sequence, dedup_key, kind, payload, state, attempts, next_attempt_at, created_at,
                                position, head)
            SELECT event_id, sequence, dedup_key, kind, payload, 0, 0, due, due, position, head
            FROM unnest($1::bigint[], $2::integer[], $3::text[], $4::text[], $5::bytea[], $6::bigint[], $7::bigint[], $8::boolean[])
                AS a(event_id, sequence, dedup_key, kind, payload, due, position, head)
            RETURNING id, position
            """,
            [.intArray(actions.map(\.eventID)), .intArray(actions.map { Int64($0.sequence) }), .textArray(keys),
             .textArray(actions.map(\.action.kind)), .byteaArray(actions.map(\.action.payload)), .intArray(actions.map(\.now)),
             .intArray(positions), .boolArray(heads)]
        ) { row in ids[row.int(1)] = row.int(0) }
        // Positions are unique and in input order: they map the rows back.
        return positions.compactMap { ids[$0] }
    }
}
