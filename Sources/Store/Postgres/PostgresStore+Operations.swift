extension PostgresStore {
    public func actions(state: ActionState?, afterID: Int64, limit: Int) async throws(StoreError) -> [OutboxAction] {
        try StoreLimits.check(limit: limit)
        return try await read { connection throws(StoreError) in
            var actions: [OutboxAction] = []
            let collect: (PGRow) throws(StoreError) -> Void = { row throws(StoreError) in
                actions.append(try Self.outboxAction(row))
            }
            if let state {
                try connection.query(
                    "SELECT \(Self.actionColumns) FROM actions WHERE state = $1 AND id > $2 ORDER BY id LIMIT $3",
                    [.int(state.code), .int(afterID), .int(Int64(limit))], row: collect)
            } else {
                try connection.query(
                    "SELECT \(Self.actionColumns) FROM actions WHERE id > $1 ORDER BY id LIMIT $2",
                    [.int(afterID), .int(Int64(limit))], row: collect)
            }
            return actions
        }
    }

    public func action(id: Int64) async throws(StoreError) -> OutboxAction? {
        try await read { connection throws(StoreError) in
            var action: OutboxAction?
            try connection.query("SELECT \(Self.actionColumns) FROM actions WHERE id = $1", [.int(id)]) { row throws(StoreError) in
                action = try Self.outboxAction(row)
            }
            return action
        }
    }

    public func retryAction(id: Int64, now: EpochMillis) async throws(StoreError) {
        try await writer.perform(notifies: true) { connection throws(StoreError) in try Self.operatorRetry(id, now: now, connection) }
    }

    @discardableResult
    public func retryAllDead(now: EpochMillis) async throws(StoreError) -> Int {
        try await writer.perform(notifies: true) { connection throws(StoreError) in
            var dead: [(Int64, String)] = []
            try connection.query("SELECT id, dedup_key FROM actions WHERE state = 3 ORDER BY id") { row in
                dead.append((row.int(0), row.text(1)))
            }
            // Every key at once, in order: no deadlock with another replica's batch.
            try Self.lock(keys: dead.map(\.1), connection)
            for (id, _) in dead { try Self.operatorRetry(id, now: now, connection) }
            return dead.count
        }
    }

    private static func operatorRetry(_ id: Int64, now: EpochMillis, _ connection: PGConnection) throws(StoreError) {
        let (key, state) = try requireState(id, [.pending, .dead, .dropped], "retried", connection)
        if state == .pending {
            try connection.query("UPDATE actions SET next_attempt_at = $1 WHERE id = $2", [.int(now), .int(id)])
            return
        }
        // Back to the end of its key's queue: head only if nothing else of the key is unfinished.
        try connection.query("""
            UPDATE actions SET state = 0, attempts = 0, first_attempt_at = NULL, next_attempt_at = $1, finished_at = NULL,
                position = nextval('action_position'),
                head = NOT EXISTS (SELECT 1 FROM actions WHERE dedup_key = $2 AND state IN (0, 1))
            WHERE id = $3
            """, [.int(now), .text(key), .int(id)])
    }

    public func dropAction(id: Int64, now: EpochMillis) async throws(StoreError) {
        try await writer.perform { connection throws(StoreError) in
            let (key, _) = try Self.requireState(id, [.pending, .dead], "dropped", connection)
            try connection.query(
                "UPDATE actions SET state = 4, finished_at = $1, head = false WHERE id = $2", [.int(now), .int(id)])
            try Self.promoteHead(of: key, connection)
        }
    }

    public func counts() async throws(StoreError) -> StoreCounts {
        try await read { connection throws(StoreError) in
            // One statement, so one snapshot: both counts agree.
            var pending = 0
            var actions: [ActionState: Int] = [:]
            try connection.query("""
                SELECT -1, count(*) FROM events WHERE state = 0
                UNION ALL SELECT state, count(*) FROM actions GROUP BY state
                """) { row in
                let code = row.int(0), count = Int(row.int(1))
                if code == -1 { pending = count } else if let state = ActionState(code: code) { actions[state] = count }
            }
            return StoreCounts(pendingEvents: pending, actions: actions)
        }
    }

    /// Rows deleted per transaction: retention never holds locks on a large
    /// part of a table, nor makes one huge transaction.
    static let pruneBatch = 1_000

    @discardableResult
    public func prune(olderThan cutoff: EpochMillis) async throws(StoreError) -> PruneResult {
        var result = PruneResult(events: 0, actions: 0)
        while true {
            let deleted = try await writer.perform(savepoint: false) { connection throws(StoreError) in
                var ids: [Int64?] = []
                try connection.query(
                    "SELECT id FROM actions WHERE state IN (2, 4) AND finished_at < $1 LIMIT $2",
                    [.int(cutoff), .int(Int64(Self.pruneBatch))]) { row in ids.append(row.int(0)) }
                guard !ids.isEmpty else { return 0 }
                try connection.query("DELETE FROM attempts WHERE action_id = ANY($1::bigint[])", [.intArray(ids)])
                return try connection.query("DELETE FROM actions WHERE id = ANY($1::bigint[])", [.intArray(ids)])
            }
            result.actions += deleted
            if deleted < Self.pruneBatch { break }
        }
        while true {
            let deleted = try await writer.perform(savepoint: false) { connection throws(StoreError) in
                try connection.query("""
                    DELETE FROM events WHERE id IN (
                        SELECT id FROM events e WHERE state = 1 AND dispatched_at < $1
                            AND NOT EXISTS (SELECT 1 FROM actions WHERE actions.event_id = e.id)
                        LIMIT $2)
                    """, [.int(cutoff), .int(Int64(Self.pruneBatch))])
            }
            result.events += deleted
            if deleted < Self.pruneBatch { break }
        }
        return result
    }
}
