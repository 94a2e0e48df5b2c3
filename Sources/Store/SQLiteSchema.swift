/// The SQLite schema and its migrations, versioned with `PRAGMA user_version`.
///
/// Times are epoch milliseconds; states are small integers (`EventState.code`,
/// `ActionState.code`). A migration is appended, never edited, once released.
enum SQLiteSchema {
    /// Migration `i` takes the database from version `i` to `i + 1`.
    static let migrations: [String] = [
        """
        CREATE TABLE events(
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            delivery_id TEXT NOT NULL,
            name TEXT NOT NULL,
            received_at INTEGER NOT NULL,
            headers BLOB NOT NULL,
            -- the payload lives in the payload log (PayloadLog), written once
            payload_segment INTEGER NOT NULL,
            payload_offset INTEGER NOT NULL,
            payload_length INTEGER NOT NULL,
            state INTEGER NOT NULL DEFAULT 0,
            dispatched_at INTEGER,
            UNIQUE(source, delivery_id)
        );
        CREATE INDEX events_pending ON events(id) WHERE state = 0;
        CREATE INDEX events_dispatched ON events(dispatched_at) WHERE state = 1;

        -- position orders a dedup key's queue (a retried dead action moves to the
        -- back); head = 1 marks the one unfinished action of its key that may be
        -- claimed, so claiming is an index range scan however long the backlog.
        CREATE TABLE actions(
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL,
            sequence INTEGER NOT NULL,
            dedup_key TEXT NOT NULL,
            kind TEXT NOT NULL,
            payload BLOB NOT NULL,
            state INTEGER NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER NOT NULL,
            first_attempt_at INTEGER,
            last_error TEXT,
            result TEXT,
            created_at INTEGER NOT NULL,
            finished_at INTEGER,
            position INTEGER NOT NULL,
            head INTEGER NOT NULL
        );
        CREATE INDEX actions_state ON actions(state, id);
        CREATE INDEX actions_event ON actions(event_id);
        CREATE INDEX actions_queue ON actions(dedup_key, position) WHERE state IN (0, 1);
        CREATE INDEX actions_due ON actions(next_attempt_at) WHERE state = 0 AND head = 1;

        CREATE TABLE keys(
            dedup_key TEXT PRIMARY KEY,
            bug_id TEXT,
            last_comment_hash TEXT,
            resolved_at INTEGER,
            updated_at INTEGER NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE counters(name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
        INSERT INTO counters VALUES ('action_position', 1), ('payload_segment', 1), ('payload_end', 0);
        """,
        // How each payload is stored in the log (`PayloadCodec`); rows written
        // before compression hold their payloads as they are.
        """
        ALTER TABLE events ADD COLUMN payload_codec INTEGER NOT NULL DEFAULT 0;
        """,
        // The action that filed a key's bug, a column of its own; it used to
        // ride in last_comment_hash as "created-by:<action id>".
        """
        ALTER TABLE keys ADD COLUMN created_by_action INTEGER;
        UPDATE keys SET created_by_action = CAST(substr(last_comment_hash, 12) AS INTEGER), last_comment_hash = NULL
            WHERE last_comment_hash LIKE 'created-by:%';
        """,
        // Repeats held back and posted as one comment by the action they were
        // coalesced into (`Outbox.coalesce`), and each key's open window.
        """
        ALTER TABLE actions ADD COLUMN coalesced_into INTEGER;
        CREATE INDEX actions_coalesced ON actions(coalesced_into) WHERE coalesced_into IS NOT NULL;
        ALTER TABLE keys ADD COLUMN window_opener INTEGER;
        ALTER TABLE keys ADD COLUMN window_ends_at INTEGER;
        """,
        // A done action's result as a JSON value (`steps.<id>` of the
        // actions after it), apart from its text for people in `result`.
        """
        ALTER TABLE actions ADD COLUMN output TEXT;
        """,
        // Each delivery attempt's outcome and the target's answer (`DeliveryAttempt`),
        // for the admin API; pruned with its action.
        """
        CREATE TABLE attempts(
            id INTEGER PRIMARY KEY,
            action_id INTEGER NOT NULL,
            number INTEGER NOT NULL,
            at INTEGER NOT NULL,
            outcome TEXT NOT NULL,
            answer TEXT
        );
        CREATE INDEX attempts_action ON attempts(action_id, id);
        CREATE INDEX attempts_at ON attempts(at);
        """,
    ]

    static var currentVersion: Int64 { Int64(migrations.count) }

    /// Brings the database to `currentVersion`, in one transaction.
    static func migrate(_ db: SQLiteDatabase) throws(StoreError) {
        try db.execute("BEGIN IMMEDIATE")
        do throws(StoreError) {
            let version = try db.integer("PRAGMA user_version") ?? 0
            guard version <= currentVersion else {
                throw StoreError(.database, """
                    the data directory was written by a newer sniffer-bridge \
                    (schema \(version), this one knows \(currentVersion))
                    """)
            }
            for index in Int(version)..<migrations.count {
                try db.execute(migrations[index])
            }
            if version < currentVersion { try db.execute("PRAGMA user_version = \(currentVersion)") }
            try db.execute("COMMIT")
        } catch {
            try? db.execute("ROLLBACK")
            throw error
        }
    }
}
