import Foundation

/// An `EventStore` on PostgreSQL, which any number of gateway replicas share.
///
/// Writes go through one writer thread per replica with group commit
/// (`PostgresWorker`): the webhooks that arrive together commit together,
/// and a 2xx leaves only after their commit. Reads use a second connection
/// on a thread of their own. Everything that must hold across replicas is
/// the database's to enforce:
///
/// - a redelivery is a duplicate through `UNIQUE (source, delivery_id)`;
/// - one dedup key's actions form a queue whose head (`actions_one_head`, a
///   partial unique index) is the only one that may be claimed or in flight;
///   changes to a key's queue take an advisory lock on the key first;
/// - a claim (`FOR UPDATE SKIP LOCKED`) is a lease: `claimed_by` this
///   replica until `lease_until`. A replica that dies loses its leases when
///   they expire, and `claimDue` on any replica takes them over;
/// - the key table's rows are keyed by the dedup key.
public final class PostgresStore: EventStore, WorkNotifications {
    public let configuration: Configuration
    let writer: PostgresWorker
    let reader: PostgresWorker
    /// Wakes this replica when another queues work (`LISTEN`/`NOTIFY`).
    private let listener: PostgresListener
    /// Group commit for webhooks: a batch in a few statements.
    private let appends: PostgresAppendBatcher

    /// Connects, creates the schema if needed and brings it up to date.
    public init(configuration: Configuration) throws(StoreError) {
        try configuration.validate()
        self.configuration = configuration
        let config = configuration
        writer = try PostgresWorker(
            name: "store-pg-writer", batches: true, maxBatch: configuration.maxBatch, notify: "NOTIFY \(configuration.channel)"
        ) {
            () throws(StoreError) in
            let connection = try PGConnection(conninfo: config.url, setup: config.sessionSetup)
            try PostgresSchema.migrate(connection, schema: config.schema)
            return connection
        }
        do throws(StoreError) {
            reader = try PostgresWorker(name: "store-pg-reader", batches: false, maxBatch: 1) { () throws(StoreError) in
                try PGConnection(conninfo: config.url, setup: config.sessionSetup)
            }
        } catch {
            writer.requestStop()
            throw error
        }
        appends = PostgresAppendBatcher(writer: writer, maxBatch: configuration.maxBatch)
        listener = PostgresListener(channel: configuration.channel) { () throws(StoreError) in
            try PGConnection(conninfo: config.url, setup: [])
        }
    }

    public func onQueuedWork(_ handler: @escaping @Sendable () -> Void) { listener.add(handler) }

    /// Runs `body` on the read connection, on the reader's own thread.
    func read<T: Sendable>(_ body: @escaping @Sendable (PGConnection) throws(StoreError) -> T) async throws(StoreError) -> T {
        try await reader.perform(savepoint: false, body)
    }

    // MARK: Inbound

    public func append(_ event: NewEvent, actions: [NewAction]?) async throws(StoreError) -> AppendResult {
        typealias Waiter = CheckedContinuation<Result<AppendResult, StoreError>, Never>
        let result = await withCheckedContinuation { (continuation: Waiter) in
            append(event, actions: actions) { continuation.resume(returning: $0) }
        }
        return try result.get()
    }

    public func append(
        _ event: NewEvent, actions: [NewAction]?,
        completion: @escaping @Sendable (Result<AppendResult, StoreError>) -> Void
    ) {
        do throws(StoreError) {
            try event.validate()
        } catch {
            return completion(.failure(error))
        }
        appends.submit(.init(row: Self.row(for: event), actions: actions, completion: completion))
    }

    /// An event as it is written: compressed and encoded on the caller's
    /// thread, so the writer thread only sends it.
    struct EventRow: Sendable {
        var event: NewEvent
        var headers: [UInt8]
        var codec: PayloadCodec
        var stored: [UInt8]
    }

    private static func row(for event: NewEvent) -> EventRow {
        let (codec, stored) = PayloadCodec.encode(event.payload)
        var slim = event
        slim.payload = []
        return EventRow(event: slim, headers: HeaderCodec.encode(event.headers), codec: codec, stored: stored)
    }

    static let eventColumns = "id, source, delivery_id, name, received_at, headers, payload, payload_codec, state, dispatched_at"

    public func event(id: Int64) async throws(StoreError) -> StoredEvent? {
        try await read { connection throws(StoreError) in
            var event: StoredEvent?
            try connection.query("SELECT \(Self.eventColumns) FROM events WHERE id = $1", [.int(id)]) { row throws(StoreError) in
                let place = "event \(row.int(0))"
                let codec = try PayloadCodec.stored(row.int(7), where: place)
                event = StoredEvent(
                    id: row.int(0), source: row.text(1), deliveryID: row.text(2), name: row.text(3), receivedAt: row.int(4),
                    headers: try HeaderCodec.decode(row.bytes(5)), payload: try codec.decode(row.bytes(6), where: place),
                    state: EventState(code: row.int(8)), dispatchedAt: row.optionalInt(9))
            }
            return event
        }
    }

    public func pendingEvents(afterID: Int64, limit: Int) async throws(StoreError) -> [PendingEvent] {
        try StoreLimits.check(limit: limit)
        return try await read { connection throws(StoreError) in
            var events: [PendingEvent] = []
            try connection.query("""
                SELECT id, source, delivery_id, name, received_at FROM events WHERE state = 0 AND id > $1 ORDER BY id LIMIT $2
                """, [.int(afterID), .int(Int64(limit))]) { row in
                events.append(PendingEvent(
                    id: row.int(0), source: row.text(1), deliveryID: row.text(2), name: row.text(3), receivedAt: row.int(4)))
            }
            return events
        }
    }

    // MARK: Dedup keys

    public func keyRecord(forDedupKey dedupKey: String) async throws(StoreError) -> KeyRecord? {
        try await read { connection throws(StoreError) in
            var record: KeyRecord?
            try connection.query("SELECT \(KeyRecord.columns) FROM keys WHERE dedup_key = $1", [.text(dedupKey)]) { row in
                record = row.keyRecord(from: 0)
            }
            return record
        }
    }

    public func saveKeyRecord(_ record: KeyRecord, forDedupKey dedupKey: String) async throws(StoreError) {
        try await writer.perform(savepoint: false) { connection throws(StoreError) in
            try connection.query("""
                INSERT INTO keys(dedup_key, bug_id, last_comment_hash, resolved_at, updated_at, created_by_action,
                                 window_opener, window_ends_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                ON CONFLICT (dedup_key) DO UPDATE SET bug_id = EXCLUDED.bug_id,
                    last_comment_hash = EXCLUDED.last_comment_hash, resolved_at = EXCLUDED.resolved_at,
                    updated_at = EXCLUDED.updated_at, created_by_action = EXCLUDED.created_by_action,
                    window_opener = EXCLUDED.window_opener, window_ends_at = EXCLUDED.window_ends_at
                """,
                [.text(dedupKey), .optional(record.bugID), .optional(record.lastCommentHash), .optional(record.resolvedAt),
                 .int(record.updatedAt), .optional(record.createdByAction), .optional(record.commentWindow?.opener),
                 .optional(record.commentWindow?.endsAt)])
        }
    }

    deinit {
        writer.requestStop()
        reader.requestStop()
        listener.requestStop()
    }

    public func close() async {
        await writer.stop()
        await reader.stop()
        listener.stop()
    }
}
