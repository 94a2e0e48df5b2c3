extension SQLiteStore {
    public func queued(behind actionID: Int64, limit: Int) async throws(StoreError) -> [OutboxAction] {
        try StoreLimits.check(limit: limit)
        return try await read { db throws(StoreError) in
            var actions: [OutboxAction] = []
            // `state IN (0, 1)` as actions_queue's own condition, so the partial index serves it.
            try db.statement("""
                SELECT \(Self.actionColumns) FROM actions
                WHERE dedup_key = (SELECT dedup_key FROM actions WHERE id = ?1) AND state IN (0, 1)
                    AND position > (SELECT position FROM actions WHERE id = ?1)
                ORDER BY position LIMIT ?2
                """).query(.int(actionID), .int(Int64(limit))) { row throws(StoreError) in
                    actions.append(try row.outboxAction())
                }
            return actions.filter { $0.state == .pending }
        }
    }

    public func coalesce(_ members: [Int64], into leader: Int64, now: EpochMillis) async throws(StoreError) {
        guard !members.isEmpty else { return }
        try await writer.perform { db throws(StoreError) in
            let key = try Self.requireState(leader, [.inFlight], "coalesced into", db)
            var leaderPosition: Int64 = 0
            try db.statement("SELECT position FROM actions WHERE id = ?").query(.int(leader)) { row in
                leaderPosition = row.int(0)
            }
            let mark = try db.statement("""
                UPDATE actions SET state = ?1, result = ?2, finished_at = ?3, coalesced_into = ?4
                WHERE id = ?5 AND state = 0 AND dedup_key = ?6 AND position > ?7
                """)
            let result = "coalesced into action \(leader)"
            for member in members {
                let changed = try mark.run(
                    .int(ActionState.done.code), .text(result), .int(now), .int(leader), .int(member), .text(key),
                    .int(leaderPosition))
                guard changed == 1 else {
                    throw StoreError(.wrongState, "action \(member) is not pending behind action \(leader)")
                }
            }
        }
    }

    public func coalesced(into leader: Int64) async throws(StoreError) -> [OutboxAction] {
        try await read { db throws(StoreError) in
            var actions: [OutboxAction] = []
            try db.statement("SELECT \(Self.actionColumns) FROM actions WHERE coalesced_into = ? ORDER BY position")
                .query(.int(leader)) { row throws(StoreError) in actions.append(try row.outboxAction()) }
            return actions
        }
    }
}
