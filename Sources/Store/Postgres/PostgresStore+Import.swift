/// What `store migrate` writes: another store's rows, ids kept, into an
/// empty schema. Only `StoreMigration` calls these.
extension PostgresStore {
    /// Throws unless the schema holds no event and no action.
    func requireEmpty() async throws(StoreError) {
        let (events, actions) = try await read { connection throws(StoreError) in
            (try connection.integer("SELECT count(*) FROM events") ?? 0, try connection.integer("SELECT count(*) FROM actions") ?? 0)
        }
        guard events == 0, actions == 0 else {
            throw StoreError(.wrongState, """
                the PostgreSQL schema \(configuration.schema) already holds \(events) events and \(actions) actions; \
                migrate into an empty schema
                """)
        }
    }

    func importEvents(_ events: [StoredEvent]) async throws(StoreError) {
        try await writer.perform { connection throws(StoreError) in
            for event in events {
                let (codec, stored) = PayloadCodec.encode(event.payload)
                try connection.query("""
                    INSERT INTO events(id, source, delivery_id, name, received_at, headers, payload, payload_codec, state, dispatched_at)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                    """,
                    [.int(event.id), .text(event.source), .text(event.deliveryID), .text(event.name), .int(event.receivedAt),
                     .bytes(HeaderCodec.encode(event.headers)), .bytes(stored), .int(Int64(codec.rawValue)), .int(event.state.code),
                     .optional(event.dispatchedAt)])
            }
        }
    }

    /// In-flight actions arrive pending: the process that claimed them is gone.
    func importActions(_ actions: [SQLiteStore.ExportedAction]) async throws(StoreError) {
        try await writer.perform { connection throws(StoreError) in
            for exported in actions {
                let a = exported.action
                let state = a.state == .inFlight ? ActionState.pending : a.state
                try connection.query("""
                    INSERT INTO actions(id, event_id, sequence, dedup_key, kind, payload, state, attempts, next_attempt_at,
                                        first_attempt_at, last_error, result, created_at, finished_at, position, head, coalesced_into,
                                        output)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, false, $16, $17)
                    """,
                    [.int(a.id), .int(a.eventID), .int(Int64(a.sequence)), .text(a.dedupKey), .text(a.kind), .bytes(a.payload),
                     .int(state.code), .int(Int64(a.attempts)), .int(a.nextAttemptAt), .optional(a.firstAttemptAt),
                     .optional(a.lastError), .optional(a.result), .int(a.createdAt), .optional(a.finishedAt),
                     .int(exported.position), .optional(exported.coalescedInto), .optional(a.output)])
            }
        }
    }

    func importAttempts(_ attempts: [(id: Int64, attempt: DeliveryAttempt)]) async throws(StoreError) {
        try await writer.perform { connection throws(StoreError) in
            for (id, attempt) in attempts {
                try connection.query(
                    "INSERT INTO attempts(id, action_id, number, at, outcome, answer) VALUES ($1, $2, $3, $4, $5, $6)",
                    [.int(id), .int(attempt.actionID), .int(Int64(attempt.number)), .int(attempt.at), .text(attempt.outcome.rawValue),
                     .optional(attempt.answer)])
            }
        }
    }

    func importKeys(_ records: [(key: String, record: KeyRecord)]) async throws(StoreError) {
        for (key, record) in records { try await saveKeyRecord(record, forDedupKey: key) }
    }

    /// After the rows: each key's first unfinished action becomes its head,
    /// and the id and position sequences continue after the imported ones.
    func finishImport() async throws(StoreError) {
        try await writer.perform { connection throws(StoreError) in
            try connection.execute("""
                UPDATE actions SET head = true WHERE id IN (
                    SELECT DISTINCT ON (dedup_key) id FROM actions WHERE state IN (0, 1) ORDER BY dedup_key, position);
                SELECT setval(pg_get_serial_sequence('events', 'id'), coalesce((SELECT max(id) FROM events), 0) + 1, false);
                SELECT setval(pg_get_serial_sequence('actions', 'id'), coalesce((SELECT max(id) FROM actions), 0) + 1, false);
                SELECT setval('action_position', coalesce((SELECT max(position) FROM actions), 0) + 1, false);
                SELECT setval(pg_get_serial_sequence('attempts', 'id'), coalesce((SELECT max(id) FROM attempts), 0) + 1, false);
                """)
        }
    }
}
