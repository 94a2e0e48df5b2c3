import Foundation

/// The PostgreSQL schema and its migrations, versioned in `sniffer_bridge_schema`.
///
/// Every table lives in the configured schema (`PostgresStore.Configuration.schema`),
/// so one database can hold several gateways, or the tests' throwaway stores.
/// Times are epoch milliseconds; states are small integers (`EventState.code`,
/// `ActionState.code`), as in SQLite. A migration is appended, never edited,
/// once released.
enum PostgresSchema {
    /// Migration `i` takes the schema from version `i` to `i + 1`.
    static let migrations: [String] = [
        """
        CREATE TABLE events(
            id bigserial PRIMARY KEY,
            source text NOT NULL,
            delivery_id text NOT NULL,
            name text NOT NULL,
            received_at bigint NOT NULL,
            headers bytea NOT NULL,
            -- compressed as PayloadCodec says: LZ4 when it pays, else as sent
            payload bytea NOT NULL,
            payload_codec smallint NOT NULL,
            state smallint NOT NULL DEFAULT 0,
            dispatched_at bigint,
            -- a redelivery to any replica is a duplicate
            UNIQUE (source, delivery_id)
        );
        -- payloads arrive compressed (or incompressible): TOAST neither
        -- compresses them again (pglz) nor moves a row out of line until it
        -- nears a page (8 KB), so a typical webhook is one heap row
        ALTER TABLE events ALTER COLUMN payload SET STORAGE EXTERNAL;
        ALTER TABLE events SET (toast_tuple_target = 8160);
        CREATE INDEX events_pending ON events(id) WHERE state = 0;
        CREATE INDEX events_dispatched ON events(dispatched_at) WHERE state = 1;
        -- position orders a dedup key's queue (a retried dead action moves to
        -- the back); head marks the one unfinished action of its key that may
        -- be claimed or is in flight. actions_one_head makes "at most one
        -- action per key in flight, anywhere" the database's rule, not a
        -- replica's. An in-flight action is leased: claimed_by and
        -- lease_until; an expired lease may be taken over.
        CREATE SEQUENCE action_position;
        CREATE TABLE actions(
            id bigserial PRIMARY KEY,
            event_id bigint NOT NULL,
            sequence integer NOT NULL,
            dedup_key text NOT NULL,
            kind text NOT NULL,
            payload bytea NOT NULL,
            state smallint NOT NULL,
            attempts integer NOT NULL DEFAULT 0,
            next_attempt_at bigint NOT NULL,
            first_attempt_at bigint,
            last_error text,
            result text,
            created_at bigint NOT NULL,
            finished_at bigint,
            position bigint NOT NULL,
            head boolean NOT NULL,
            coalesced_into bigint,
            claimed_by text,
            lease_until bigint
        );
        CREATE INDEX actions_state ON actions(state, id);
        CREATE INDEX actions_event ON actions(event_id);
        CREATE INDEX actions_queue ON actions(dedup_key, position) WHERE state IN (0, 1);
        CREATE INDEX actions_due ON actions(next_attempt_at, id) WHERE state = 0 AND head;
        CREATE INDEX actions_leases ON actions(lease_until) WHERE state = 1;
        CREATE UNIQUE INDEX actions_one_head ON actions(dedup_key) WHERE head;
        CREATE INDEX actions_coalesced ON actions(coalesced_into) WHERE coalesced_into IS NOT NULL;
        CREATE TABLE keys(
            dedup_key text PRIMARY KEY,
            bug_id text,
            last_comment_hash text,
            resolved_at bigint,
            updated_at bigint NOT NULL,
            created_by_action bigint,
            window_opener bigint,
            window_ends_at bigint
        );
        """,
        // A done action's result as a JSON value (`steps.<id>` of the
        // actions after it), apart from its text for people in `result`.
        """
        ALTER TABLE actions ADD COLUMN output text;
        """,
        // Each delivery attempt's outcome and the target's answer (`DeliveryAttempt`),
        // for the admin API; pruned with its action.
        """
        CREATE TABLE attempts(
            id bigserial PRIMARY KEY,
            action_id bigint NOT NULL,
            number integer NOT NULL,
            at bigint NOT NULL,
            outcome text NOT NULL,
            answer text
        );
        CREATE INDEX attempts_action ON attempts(action_id, id);
        CREATE INDEX attempts_at ON attempts(at);
        """,
    ]

    static var currentVersion: Int64 { Int64(migrations.count) }

    /// Brings the schema to `currentVersion`, in one transaction, under an
    /// advisory lock on the schema's name: replicas that start together
    /// migrate once, one after the other.
    static func migrate(_ connection: PGConnection, schema: String) throws(StoreError) {
        try connection.execute("BEGIN")
        do throws(StoreError) {
            try connection.query("SELECT pg_advisory_xact_lock(hashtext('sniffer-bridge schema ' || $1))", [.text(schema)])
            try connection.execute("CREATE SCHEMA IF NOT EXISTS \(quoted(schema))")
            try connection.execute("CREATE TABLE IF NOT EXISTS sniffer_bridge_schema(version integer NOT NULL)")
            let version = try connection.integer("SELECT max(version) FROM sniffer_bridge_schema") ?? 0
            guard version <= currentVersion else {
                throw StoreError(.database, """
                    the PostgreSQL schema \(schema) was written by a newer sniffer-bridge \
                    (schema \(version), this one knows \(currentVersion))
                    """)
            }
            for index in Int(version)..<migrations.count {
                try connection.execute(migrations[index])
            }
            if version < currentVersion {
                try connection.execute("DELETE FROM sniffer_bridge_schema")
                try connection.query("INSERT INTO sniffer_bridge_schema(version) VALUES ($1)", [.int(currentVersion)])
            }
            try connection.execute("COMMIT")
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
    }

    /// `name` as a quoted SQL identifier.
    static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
