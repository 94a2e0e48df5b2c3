extension SQLiteStore {
    public func actions(state: ActionState?, afterID: Int64, limit: Int) async throws(StoreError) -> [OutboxAction] {
        try StoreLimits.check(limit: limit)
        return try await read { db throws(StoreError) in
            var actions: [OutboxAction] = []
            let collect: (SQLiteRow) throws(StoreError) -> Void = { row throws(StoreError) in
                actions.append(try row.outboxAction())
            }
            if let state {
                try db.statement(
                    "SELECT \(Self.actionColumns) FROM actions WHERE state = ? AND id > ? ORDER BY id LIMIT ?")
                    .query(.int(state.code), .int(afterID), .int(Int64(limit)), row: collect)
            } else {
                try db.statement("SELECT \(Self.actionColumns) FROM actions WHERE id > ? ORDER BY id LIMIT ?")
                    .query(.int(afterID), .int(Int64(limit)), row: collect)
            }
            return actions
        }
    }

    public func actions(ofEvent eventID: Int64) async throws(StoreError) -> [OutboxAction] {
        try await read { db throws(StoreError) in
            var actions: [OutboxAction] = []
            try db.statement("SELECT \(Self.actionColumns) FROM actions WHERE event_id = ? ORDER BY sequence")
                .query(.int(eventID)) { row throws(StoreError) in actions.append(try row.outboxAction()) }
            return actions
        }
    }

    public func action(id: Int64) async throws(StoreError) -> OutboxAction? {
        try await read { db throws(StoreError) in
            var action: OutboxAction?
            let select = try db.statement("SELECT \(Self.actionColumns) FROM actions WHERE id = ?")
            try select.query(.int(id)) { row throws(StoreError) in action = try row.outboxAction() }
            return action
        }
    }

    public func retryAction(id: Int64, now: EpochMillis) async throws(StoreError) {
        try await writer.perform { db throws(StoreError) in try Self.operatorRetry(id, now: now, db) }
    }

    @discardableResult
    public func retryAllDead(now: EpochMillis) async throws(StoreError) -> Int {
        try await writer.perform { db throws(StoreError) in
            var dead: [Int64] = []
            try db.statement("SELECT id FROM actions WHERE state = 3 ORDER BY id").query { row in
                dead.append(row.int(0))
            }
            for id in dead { try Self.operatorRetry(id, now: now, db) }
            return dead.count
        }
    }

    private static func operatorRetry(_ id: Int64, now: EpochMillis, _ db: SQLiteDatabase) throws(StoreError) {
        let key = try requireState(id, [.pending, .dead, .dropped], "retried", db)
        var state: Int64 = 0
        try db.statement("SELECT state FROM actions WHERE id = ?").query(.int(id)) { row in state = row.int(0) }
        if ActionState(code: state) == .pending {
            try db.statement("UPDATE actions SET next_attempt_at = ? WHERE id = ?").run(.int(now), .int(id))
            return
        }
        // Back to the end of its key's queue: head only if nothing else of the key is unfinished.
        let position = try takePositions(1, db)
        try db.statement("""
            UPDATE actions SET state = 0, attempts = 0, first_attempt_at = NULL, next_attempt_at = ?,
                finished_at = NULL,
                position = ?, head = NOT EXISTS (SELECT 1 FROM actions WHERE dedup_key = ? AND state IN (0, 1))
            WHERE id = ?
            """).run(.int(now), .int(position), .text(key), .int(id))
    }

    public func dropAction(id: Int64, now: EpochMillis) async throws(StoreError) {
        try await writer.perform { db throws(StoreError) in
            let key = try Self.requireState(id, [.pending, .dead], "dropped", db)
            try db.statement("UPDATE actions SET state = 4, finished_at = ?, head = 0 WHERE id = ?")
                .run(.int(now), .int(id))
            try Self.promoteHead(of: key, db)
        }
    }

    public func counts() async throws(StoreError) -> StoreCounts {
        try await read { db throws(StoreError) in
            // One read transaction, so both counts see the same snapshot: read
            // apart, a dispatch committing between them showed its event as no
            // longer pending and its actions as not yet there (nothing to do).
            try db.execute("BEGIN")
            let result: Result<StoreCounts, StoreError>
            do throws(StoreError) {
                var actions: [ActionState: Int] = [:]
                try db.statement("SELECT state, count(*) FROM actions GROUP BY state").query { row in
                    if let state = ActionState(code: row.int(0)) { actions[state] = Int(row.int(1)) }
                }
                let pending = try db.integer("SELECT count(*) FROM events WHERE state = 0") ?? 0
                result = .success(StoreCounts(pendingEvents: Int(pending), actions: actions))
            } catch {
                result = .failure(error)
            }
            // A read-only transaction: ending it cannot lose anything.
            try db.execute("COMMIT")
            return try result.get()
        }
    }

    @discardableResult
    public func prune(olderThan cutoff: EpochMillis) async throws(StoreError) -> PruneResult {
        let payloadDirectory = configuration.payloadDirectory
        let (result, unreferenced) = try await writer.perform { db throws(StoreError) in
            try db.statement("""
                DELETE FROM attempts WHERE action_id IN (SELECT id FROM actions WHERE state IN (2, 4) AND finished_at < ?)
                """).run(.int(cutoff))
            let actions = try db.statement("DELETE FROM actions WHERE state IN (2, 4) AND finished_at < ?")
                .run(.int(cutoff))
            let events = try db.statement("""
                DELETE FROM events WHERE state = 1 AND dispatched_at < ?
                    AND NOT EXISTS (SELECT 1 FROM actions WHERE actions.event_id = events.id)
                """).run(.int(cutoff))
            // Give the freed pages back to the file system (auto_vacuum = INCREMENTAL).
            try db.execute("PRAGMA incremental_vacuum")
            // Payload segments no event points into any more, the current one
            // included (writing then moves on to a new segment).
            var referenced = Set<Int64>()
            try db.statement("SELECT DISTINCT payload_segment FROM events").query { row in
                referenced.insert(row.int(0))
            }
            var current = try PayloadLog.counter("payload_segment", db)
            if !referenced.contains(current), try PayloadLog.counter("payload_end", db) > 0 {
                current = try (db.payloadLog?.rollSegment(db) ?? current) + 1
            }
            let unreferenced = PayloadLog.existingSegments(in: payloadDirectory)
                .filter { !referenced.contains($0) && $0 < current }
            return (PruneResult(events: events, actions: actions), unreferenced)
        }
        // Only after the commit: had it failed, the events would still need their payloads.
        PayloadLog.deleteSegments(unreferenced, in: payloadDirectory)
        // Outside any transaction: copy the WAL into the file and cut the WAL to zero.
        try await writer.perform(savepoint: false, outsideTransaction: true) { db throws(StoreError) in
            try db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        }
        return result
    }
}
