extension PostgresStore {
    static let actionColumns = """
        id, event_id, sequence, dedup_key, kind, payload, state, attempts, next_attempt_at, \
        first_attempt_at, last_error, result, created_at, finished_at, output
        """

    /// `actionColumns` of the table aliased `a`.
    static let actionColumnsOfA = actionColumns.split(separator: ",").map { "a." + $0.trimmingCharacters(in: .whitespaces) }
        .joined(separator: ", ")

    static func outboxAction(_ row: PGRow) throws(StoreError) -> OutboxAction {
        guard let state = ActionState(code: row.int(6)) else {
            throw StoreError(.database, "action \(row.int(0)) has unknown state \(row.int(6))")
        }
        return OutboxAction(
            id: row.int(0), eventID: row.int(1), sequence: Int(row.int(2)), dedupKey: row.text(3), kind: row.text(4),
            payload: row.bytes(5), state: state, attempts: Int(row.int(7)), nextAttemptAt: row.int(8),
            firstAttemptAt: row.optionalInt(9), lastError: row.optionalText(10), result: row.optionalText(11),
            createdAt: row.int(12), finishedAt: row.optionalInt(13), output: row.optionalText(14))
    }

    @discardableResult
    public func dispatch(eventID: Int64, actions: [NewAction], now: EpochMillis) async throws(StoreError) -> [Int64] {
        try await writer.perform(notifies: !actions.isEmpty) { connection throws(StoreError) in
            var state: Int64?
            try connection.query("SELECT state FROM events WHERE id = $1 FOR UPDATE", [.int(eventID)]) { row in
                state = row.int(0)
            }
            guard let state else { throw StoreError.noEvent(eventID) }
            guard EventState(code: state) == .pending else {
                throw StoreError(.wrongState, "event \(eventID) is already dispatched")
            }
            try connection.query("UPDATE events SET state = 1, dispatched_at = $1 WHERE id = $2", [.int(now), .int(eventID)])
            return try Self.insertActions(actions, eventID: eventID, now: now, connection)
        }
    }

    /// Takes the advisory locks of `keys` (in a fixed order, so two
    /// transactions that lock several keys cannot deadlock on them) until
    /// the transaction ends: what serialises the changes to one key's queue
    /// across replicas.
    static func lock(keys: [String], _ connection: PGConnection) throws(StoreError) {
        guard !keys.isEmpty else { return }
        try connection.query("""
            SELECT count(pg_advisory_xact_lock(hashtext(current_schema()), hashtext(k)))
            FROM (SELECT DISTINCT unnest($1::text[]) AS k ORDER BY 1) keys
            """, [.textArray(keys)])
    }

    /// Puts `actions` (in order) at the back of their keys' queues, due at `now`.
    @discardableResult
    static func insertActions(
        _ actions: [NewAction], eventID: Int64, now: EpochMillis, _ connection: PGConnection
    ) throws(StoreError) -> [Int64] {
        guard !actions.isEmpty else { return [] }
        return try insertActions(actions.enumerated().map { (eventID, $0.offset, $0.element, now) }, connection)
    }

    public func claimDue(now: EpochMillis, limit: Int) async throws(StoreError) -> [OutboxAction] {
        try StoreLimits.check(limit: limit)
        let owner = configuration.replicaID, leaseUntil = now + configuration.leaseMillis
        return try await writer.perform(savepoint: false) { connection throws(StoreError) in
            var claimed: [OutboxAction] = []
            // SKIP LOCKED: replicas claiming at once take different heads
            // instead of queueing behind each other's row locks.
            try connection.query("""
                WITH due AS (
                    SELECT id FROM actions WHERE head AND state = 0 AND next_attempt_at <= $1
                    ORDER BY next_attempt_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)
                UPDATE actions a SET state = 1, first_attempt_at = coalesce(a.first_attempt_at, $1),
                    claimed_by = $3, lease_until = $4
                FROM due WHERE a.id = due.id RETURNING \(Self.actionColumnsOfA)
                """, [.int(now), .int(Int64(limit)), .text(owner), .int(leaseUntil)]
            ) { row throws(StoreError) in claimed.append(try Self.outboxAction(row)) }
            // Then the claims of replicas that died: their leases expired.
            // Never its own: this replica is alive, still delivering them.
            if claimed.count < limit {
                try connection.query("""
                    WITH expired AS (
                        SELECT id FROM actions WHERE state = 1 AND lease_until <= $1 AND claimed_by <> $3
                        ORDER BY lease_until, id LIMIT $2 FOR UPDATE SKIP LOCKED)
                    UPDATE actions a SET claimed_by = $3, lease_until = $4
                    FROM expired WHERE a.id = expired.id RETURNING \(Self.actionColumnsOfA)
                    """, [.int(now), .int(Int64(limit - claimed.count)), .text(owner), .int(leaseUntil)]
                ) { row throws(StoreError) in claimed.append(try Self.outboxAction(row)) }
            }
            return claimed.sorted { ($0.nextAttemptAt, $0.id) < ($1.nextAttemptAt, $1.id) }
        }
    }

    public func complete(actionID: Int64, result: String?, output: String?, now: EpochMillis) async throws(StoreError) {
        try await finishInFlight(actionID, as: .done, now: now, text: result, output: output)
    }

    public func deadLetter(actionID: Int64, error: String, now: EpochMillis) async throws(StoreError) {
        try await finishInFlight(actionID, as: .dead, now: now, text: error)
    }

    public func retry(actionID: Int64, at: EpochMillis, error: String, now: EpochMillis) async throws(StoreError) {
        let owner = configuration.replicaID
        try await writer.perform { connection throws(StoreError) in
            _ = try Self.requireInFlight(actionID, owner: owner, connection)
            try connection.query("""
                UPDATE actions SET state = 0, attempts = attempts + 1, next_attempt_at = $1, last_error = $2,
                    claimed_by = NULL, lease_until = NULL
                WHERE id = $3
                """, [.int(at), .text(error), .int(actionID)])
            try Self.recordAttempt(actionID, .retry, error, now: now, connection)
        }
    }

    public func release(actionID: Int64, at: EpochMillis) async throws(StoreError) {
        let owner = configuration.replicaID
        try await writer.perform { connection throws(StoreError) in
            _ = try Self.requireInFlight(actionID, owner: owner, connection)
            try connection.query(
                "UPDATE actions SET state = 0, next_attempt_at = $1, claimed_by = NULL, lease_until = NULL WHERE id = $2",
                [.int(at), .int(actionID)])
        }
    }

    /// This replica's own claims, and every expired one, return to pending.
    /// Claims other replicas hold alive are theirs.
    @discardableResult
    public func recoverInFlight(now: EpochMillis) async throws(StoreError) -> Int {
        let owner = configuration.replicaID
        return try await writer.perform(savepoint: false) { connection throws(StoreError) in
            try connection.query("""
                UPDATE actions SET state = 0, next_attempt_at = $1, claimed_by = NULL, lease_until = NULL
                WHERE state = 1 AND (claimed_by = $2 OR lease_until <= $1)
                """, [.int(now), .text(owner)])
        }
    }

    private func finishInFlight(
        _ id: Int64, as state: ActionState, now: EpochMillis, text: String?, output: String? = nil
    ) async throws(StoreError) {
        let owner = configuration.replicaID
        try await writer.perform { connection throws(StoreError) in
            let key = try Self.requireInFlight(id, owner: owner, connection)
            let column = state == .done ? "result" : "last_error"
            try connection.query("""
                UPDATE actions SET state = $1, attempts = attempts + 1, \(column) = $2, finished_at = $3, head = false,
                    claimed_by = NULL, lease_until = NULL, output = $5
                WHERE id = $4
                """, [.int(state.code), .optional(text), .int(now), .int(id), .optional(output)])
            try Self.recordAttempt(id, state == .done ? .done : .dead, text, now: now, connection)
            try Self.promoteHead(of: key, connection)
        }
    }

    /// The attempt the action `id` just spent (its `attempts` already counts it).
    private static func recordAttempt(
        _ id: Int64, _ outcome: DeliveryAttempt.Outcome, _ answer: String?, now: EpochMillis, _ connection: PGConnection
    ) throws(StoreError) {
        try connection.query("""
            INSERT INTO attempts(action_id, number, at, outcome, answer) SELECT id, attempts, $1, $2, $3 FROM actions WHERE id = $4
            """, [.int(now), .text(outcome.rawValue), .optional(answer), .int(id)])
    }

    /// The action's dedup key, with the key locked, after checking that
    /// `owner` holds it in flight.
    static func requireInFlight(_ id: Int64, owner: String, _ connection: PGConnection) throws(StoreError) -> String {
        let (state, key, claimedBy) = try lockedAction(id, connection)
        guard state == .inFlight else { throw StoreError.notInFlight(id, state) }
        guard claimedBy == owner else {
            throw StoreError(.wrongState, "action \(id) is in flight on another replica (\(claimedBy ?? "none")): its lease expired")
        }
        return key
    }

    /// The action's dedup key, with the key locked, after checking its state is one of `allowed`.
    static func requireState(
        _ id: Int64, _ allowed: [ActionState], _ verb: String, _ connection: PGConnection
    ) throws(StoreError) -> (key: String, state: ActionState) {
        let (state, key, _) = try lockedAction(id, connection)
        guard allowed.contains(state) else { throw StoreError.notAllowed(id, state, verb, allowed: allowed) }
        return (key, state)
    }

    /// The state, key and claim of action `id`, read after locking its key
    /// (and then the row), so nothing changes the key's queue meanwhile.
    private static func lockedAction(_ id: Int64, _ connection: PGConnection) throws(StoreError)
        -> (ActionState, String, String?)
    {
        // An action's key never changes: read and locked in one statement.
        var key: String?
        try connection.query("""
            SELECT dedup_key, pg_advisory_xact_lock(hashtext(current_schema()), hashtext(dedup_key)) FROM actions WHERE id = $1
            """, [.int(id)]) { row in key = row.text(0) }
        guard let key else { throw StoreError.noAction(id) }
        var found: (Int64, String?)?
        try connection.query("SELECT state, claimed_by FROM actions WHERE id = $1 FOR UPDATE", [.int(id)]) { row in
            found = (row.int(0), row.optionalText(1))
        }
        guard let (code, claimedBy) = found else { throw StoreError.noAction(id) }
        guard let state = ActionState(code: code) else { throw StoreError(.database, "action \(id) has unknown state \(code)") }
        return (state, key, claimedBy)
    }

    /// Makes the first unfinished action of `key` (by queue position) its head.
    static func promoteHead(of key: String, _ connection: PGConnection) throws(StoreError) {
        try connection.query("""
            UPDATE actions SET head = true WHERE id =
                (SELECT id FROM actions WHERE dedup_key = $1 AND state IN (0, 1) ORDER BY position LIMIT 1)
                AND NOT head
            """, [.text(key)])
    }

    public func actions(ofEvent eventID: Int64) async throws(StoreError) -> [OutboxAction] {
        try await read { connection throws(StoreError) in
            var actions: [OutboxAction] = []
            try connection.query("SELECT \(Self.actionColumns) FROM actions WHERE event_id = $1 ORDER BY sequence", [.int(eventID)]) {
                row throws(StoreError) in actions.append(try Self.outboxAction(row))
            }
            return actions
        }
    }

    public func queued(behind actionID: Int64, limit: Int) async throws(StoreError) -> [OutboxAction] {
        try StoreLimits.check(limit: limit)
        return try await read { connection throws(StoreError) in
            var actions: [OutboxAction] = []
            try connection.query("""
                SELECT \(Self.actionColumnsOfA) FROM actions a JOIN actions l ON l.id = $1
                WHERE a.dedup_key = l.dedup_key AND a.state IN (0, 1) AND a.position > l.position
                ORDER BY a.position LIMIT $2
                """, [.int(actionID), .int(Int64(limit))]) { row throws(StoreError) in
                actions.append(try Self.outboxAction(row))
            }
            return actions.filter { $0.state == .pending }
        }
    }

    public func coalesce(_ members: [Int64], into leader: Int64, now: EpochMillis) async throws(StoreError) {
        guard !members.isEmpty else { return }
        let owner = configuration.replicaID
        try await writer.perform { connection throws(StoreError) in
            let key = try Self.requireInFlight(leader, owner: owner, connection)
            let result = "coalesced into action \(leader)"
            for member in members {
                let changed = try connection.query("""
                    UPDATE actions SET state = $1, result = $2, finished_at = $3, coalesced_into = $4
                    WHERE id = $5 AND state = 0 AND dedup_key = $6
                        AND position > (SELECT position FROM actions WHERE id = $4)
                    """, [.int(ActionState.done.code), .text(result), .int(now), .int(leader), .int(member), .text(key)])
                guard changed == 1 else {
                    throw StoreError(.wrongState, "action \(member) is not pending behind action \(leader)")
                }
            }
        }
    }

    public func coalesced(into leader: Int64) async throws(StoreError) -> [OutboxAction] {
        try await read { connection throws(StoreError) in
            var actions: [OutboxAction] = []
            try connection.query("SELECT \(Self.actionColumns) FROM actions WHERE coalesced_into = $1 ORDER BY position", [.int(leader)]) {
                row throws(StoreError) in actions.append(try Self.outboxAction(row))
            }
            return actions
        }
    }
}
