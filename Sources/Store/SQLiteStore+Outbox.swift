extension SQLiteStore {
    static let actionColumns = """
        id, event_id, sequence, dedup_key, kind, payload, state, attempts, next_attempt_at, \
        first_attempt_at, last_error, result, created_at, finished_at, output
        """

    @discardableResult
    public func dispatch(eventID: Int64, actions: [NewAction], now: EpochMillis) async throws(StoreError) -> [Int64] {
        // No sync of its own: lost to a power failure, the event is pending
        // again and is dispatched again; nothing later survives without it.
        try await writer.perform(skipsSync: true) { db throws(StoreError) in
            var state: Int64?
            try db.statement("SELECT state FROM events WHERE id = ?").query(.int(eventID)) { row in state = row.int(0) }
            guard let state else { throw StoreError.noEvent(eventID) }
            guard EventState(code: state) == .pending else {
                throw StoreError(.wrongState, "event \(eventID) is already dispatched")
            }
            try db.statement("UPDATE events SET state = 1, dispatched_at = ? WHERE id = ?")
                .run(.int(now), .int(eventID))
            return try Self.insertActions(actions, eventID: eventID, now: now, db)
        }
    }

    /// Puts `actions` (in order) at the back of their keys' queues, due at `now`.
    @discardableResult
    static func insertActions(
        _ actions: [NewAction], eventID: Int64, now: EpochMillis, _ db: SQLiteDatabase
    ) throws(StoreError) -> [Int64] {
        guard !actions.isEmpty else { return [] }
        var position = try takePositions(actions.count, db)
        var ids: [Int64] = []
        ids.reserveCapacity(actions.count)
        let insert = try db.statement("""
            INSERT INTO actions(event_id, sequence, dedup_key, kind, payload, state, attempts, next_attempt_at,
                                created_at, position, head)
            VALUES (?1, ?2, ?3, ?4, ?5, 0, 0, ?6, ?6, ?7,
                    NOT EXISTS (SELECT 1 FROM actions WHERE dedup_key = ?3 AND state IN (0, 1)))
            """)
        for (sequence, action) in actions.enumerated() {
            try insert.run(.int(eventID), .int(Int64(sequence)), .text(action.dedupKey), .text(action.kind),
                           .blob(action.payload), .int(now), .int(position))
            ids.append(db.lastInsertRowID)
            position += 1
        }
        return ids
    }

    /// Reserves `count` queue positions; returns the first.
    static func takePositions(_ count: Int, _ db: SQLiteDatabase) throws(StoreError) -> Int64 {
        let first = try PayloadLog.counter("action_position", db)
        try db.statement("UPDATE counters SET value = value + ? WHERE name = 'action_position'").run(.int(Int64(count)))
        return first
    }

    public func claimDue(now: EpochMillis, limit: Int) async throws(StoreError) -> [OutboxAction] {
        try StoreLimits.check(limit: limit)
        // No sync of its own: a lost claim leaves the action pending, and an
        // in-flight one is retried after a crash anyway (the Sniffer call's
        // outcome is synced when it is recorded).
        return try await writer.perform(skipsSync: true) { db throws(StoreError) in
            // INDEXED BY: without statistics the planner prefers actions_state
            // and sorts every pending row; the partial index holds only the heads.
            var claimed: [OutboxAction] = []
            try db.statement("""
                SELECT \(Self.actionColumns) FROM actions INDEXED BY actions_due
                WHERE state = 0 AND head = 1 AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?
                """).query(.int(now), .int(Int64(limit))) { row throws(StoreError) in
                    claimed.append(try row.outboxAction())
                }
            let mark = try db.statement(
                "UPDATE actions SET state = 1, first_attempt_at = coalesce(first_attempt_at, ?) WHERE id = ?")
            for index in claimed.indices {
                try mark.run(.int(now), .int(claimed[index].id))
                claimed[index].state = .inFlight
                if claimed[index].firstAttemptAt == nil { claimed[index].firstAttemptAt = now }
            }
            return claimed
        }
    }

    public func complete(actionID: Int64, result: String?, output: String?, now: EpochMillis) async throws(StoreError) {
        try await finishInFlight(actionID, as: .done, now: now, text: result, output: output)
    }

    public func deadLetter(actionID: Int64, error: String, now: EpochMillis) async throws(StoreError) {
        try await finishInFlight(actionID, as: .dead, now: now, text: error)
    }

    public func retry(actionID: Int64, at: EpochMillis, error: String, now: EpochMillis) async throws(StoreError) {
        try await writer.perform { db throws(StoreError) in
            _ = try Self.requireState(actionID, [.inFlight], "delivered", db)
            try db.statement("""
                UPDATE actions SET state = 0, attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?
                """).run(.int(at), .text(error), .int(actionID))
            try Self.recordAttempt(actionID, .retry, error, now: now, db)
        }
    }

    public func release(actionID: Int64, at: EpochMillis) async throws(StoreError) {
        try await writer.perform { db throws(StoreError) in
            _ = try Self.requireState(actionID, [.inFlight], "delivered", db)
            try db.statement("UPDATE actions SET state = 0, next_attempt_at = ? WHERE id = ?")
                .run(.int(at), .int(actionID))
        }
    }

    @discardableResult
    public func recoverInFlight(now: EpochMillis) async throws(StoreError) -> Int {
        try await writer.perform { db throws(StoreError) in
            try db.statement("UPDATE actions SET state = 0, next_attempt_at = ? WHERE state = 1").run(.int(now))
        }
    }

    /// done (text = result, with its output) or dead (text = last error), then the next action of its key becomes the head.
    private func finishInFlight(_ id: Int64, as state: ActionState, now: EpochMillis,
                                text: String?, output: String? = nil) async throws(StoreError) {
        try await writer.perform { db throws(StoreError) in
            let key = try Self.requireState(id, [.inFlight], "delivered", db)
            let column = state == .done ? "result" : "last_error"
            try db.statement("""
                UPDATE actions SET state = ?, attempts = attempts + 1, \(column) = ?, finished_at = ?, head = 0,
                    output = ?
                WHERE id = ?
                """).run(.int(state.code), .optional(text), .int(now), .optional(output), .int(id))
            try Self.recordAttempt(id, state == .done ? .done : .dead, text, now: now, db)
            try Self.promoteHead(of: key, db)
        }
    }

    /// The attempt the action `id` just spent (its `attempts` already counts it).
    private static func recordAttempt(
        _ id: Int64, _ outcome: DeliveryAttempt.Outcome, _ answer: String?, now: EpochMillis, _ db: SQLiteDatabase
    ) throws(StoreError) {
        try db.statement("""
            INSERT INTO attempts(action_id, number, at, outcome, answer) SELECT id, attempts, ?, ?, ? FROM actions WHERE id = ?
            """).run(.int(now), .text(outcome.rawValue), .optional(answer), .int(id))
    }

    /// The action's dedup key, after checking its state is one of `allowed`.
    static func requireState(_ id: Int64, _ allowed: [ActionState], _ verb: String,
                             _ db: SQLiteDatabase) throws(StoreError) -> String {
        var found: (Int64, String)?
        try db.statement("SELECT state, dedup_key FROM actions WHERE id = ?").query(.int(id)) { row in
            found = (row.int(0), row.text(1))
        }
        guard let (code, key) = found else { throw StoreError.noAction(id) }
        guard let state = ActionState(code: code) else {
            throw StoreError(.database, "action \(id) has unknown state \(code)")
        }
        guard allowed.contains(state) else {
            if allowed == [.inFlight] { throw StoreError.notInFlight(id, state) }
            throw StoreError.notAllowed(id, state, verb, allowed: allowed)
        }
        return key
    }

    /// Makes the first unfinished action of `key` (by queue position) its head.
    static func promoteHead(of key: String, _ db: SQLiteDatabase) throws(StoreError) {
        try db.statement("""
            UPDATE actions SET head = 1 WHERE id =
                (SELECT id FROM actions WHERE dedup_key = ? AND state IN (0, 1) ORDER BY position LIMIT 1)
            """).run(.text(key))
    }
}
