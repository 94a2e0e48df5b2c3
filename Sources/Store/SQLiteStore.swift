import Foundation
import Synchronization

/// The default `EventStore`: one SQLite database in WAL mode in a data directory.
///
/// Writes go through one writer thread with group commit (`SQLiteWriter`);
/// reads use a second connection, so readers never wait for a commit. A second
/// process (the `deliveries` command while `serve` runs) can open the same
/// directory: WAL lets it read concurrently, and its writes wait (busy timeout)
/// for the other writer's transaction to end.
public final class SQLiteStore: EventStore {
    public let configuration: Configuration
    let writer: SQLiteWriter
    /// The read connection, used only on `readerQueue` (and closed under the lock).
    private let reader: Mutex<SQLiteDatabase?>
    private let readerQueue = DispatchQueue(label: "store.reader")

    /// Opens (creating if needed) the database under `configuration.directory`
    /// and brings its schema up to date.
    public init(configuration: Configuration) throws(StoreError) {
        self.configuration = configuration
        do {
            // Owner-only when we create it: payloads and headers may be sensitive.
            if !FileManager.default.fileExists(atPath: configuration.directory) {
                try FileManager.default.createDirectory(
                    atPath: configuration.directory, withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o700])
            }
        } catch {
            throw StoreError(.io,
                             "cannot create data directory \(configuration.directory): \(error.localizedDescription)")
        }
        let config = configuration
        writer = try SQLiteWriter(name: "store-writer", maxBatch: configuration.maxBatch,
                                  syncCommits: configuration.durability == .fsync) { () throws(StoreError) in
            try Self.openWriter(config)
        }
        let readConnection: SQLiteDatabase
        do throws(StoreError) {
            readConnection = try SQLiteDatabase(path: configuration.path,
                                                busyTimeoutMillis: configuration.busyTimeoutMillis)
            try readConnection.execute("PRAGMA query_only = 1")
        } catch {
            writer.requestStop()
            throw error
        }
        reader = Mutex(readConnection)
    }

    /// A store in `directory` with default settings.
    public convenience init(directory: String, durability: Durability = .fsync) throws(StoreError) {
        try self.init(configuration: Configuration(directory: directory, durability: durability))
    }

    private static func openWriter(_ config: Configuration) throws(StoreError) -> SQLiteDatabase {
        let db = try SQLiteDatabase(path: config.path, busyTimeoutMillis: config.busyTimeoutMillis)
        // Page size and auto_vacuum only take effect on a new, empty database,
        // so they come before WAL mode and the schema.
        try db.execute("PRAGMA page_size = \(config.pageSize)")
        try db.execute("PRAGMA auto_vacuum = INCREMENTAL")
        let mode = try db.text("PRAGMA journal_mode = WAL")
        guard mode?.lowercased() == "wal" else {
            throw StoreError(.io, "cannot put \(config.path) in WAL mode (journal_mode is \(mode ?? "unknown"))")
        }
        try db.execute("PRAGMA synchronous = \(config.durability == .fsync ? "FULL" : "NORMAL")")
        try db.execute("PRAGMA wal_autocheckpoint = \(config.walAutocheckpointPages)")
        // After a checkpoint resets the WAL, cut the file back to this size.
        try db.execute("PRAGMA journal_size_limit = \(64 << 20)")
        try SQLiteSchema.migrate(db)
        let log = try PayloadLog(directory: config.payloadDirectory, segmentBytes: config.segmentBytes,
                                 sync: config.durability == .fsync)
        try log.recover(db)
        db.payloadLog = log
        return db
    }

    /// Batches committed by this store's writer (each one transaction, one fsync).
    public var committedBatches: Int { writer.committedBatches }
    /// Batches whose commit was synced (see `SQLiteWriter.Job.skipsSync`).
    var syncedBatches: Int { writer.syncedBatches }
    /// Writes (appends and outbox updates) committed by this store's writer.
    public var committedWrites: Int { writer.committedJobs }

    /// Runs `body` on the read connection, on the reader's own thread: a
    /// query that waits for the disk blocks that thread, never one of Swift's
    /// cooperative pool (two threads on two cores), which runs the deliveries.
    func read<T: Sendable>(
        _ body: @escaping @Sendable (SQLiteDatabase) throws(StoreError) -> T
    ) async throws(StoreError) -> T {
        typealias Waiter = CheckedContinuation<Result<T, StoreError>, Never>
        let result = await withCheckedContinuation { (continuation: Waiter) in
            readerQueue.async { [self] in
                continuation.resume(returning: reader.withLock { db -> Result<T, StoreError> in
                    guard let db else { return .failure(StoreError(.closed, "the store is closed")) }
                    do throws(StoreError) { return .success(try body(db)) } catch { return .failure(error) }
                })
            }
        }
        return try result.get()
    }

    // MARK: Inbound

    public func append(_ event: NewEvent, actions: [NewAction]?) async throws(StoreError) -> AppendResult {
        try event.validate()
        try checkSpace(for: event)
        let record = Self.record(for: event)
        return try await writer.perform(savepoint: Self.needsSavepoint(actions), skipsSync: true) {
            db throws(StoreError) in try Self.insert(record, actions: actions, db)
        }
    }

    public func append(
        _ event: NewEvent, actions: [NewAction]?,
        completion: @escaping @Sendable (Result<AppendResult, StoreError>) -> Void
    ) {
        do throws(StoreError) {
            try event.validate()
            try checkSpace(for: event)
        } catch {
            return completion(.failure(error))
        }
        let record = Self.record(for: event)
        writer.perform(
            savepoint: Self.needsSavepoint(actions), skipsSync: true,
            { db throws(StoreError) in try Self.insert(record, actions: actions, db) }, completion: completion)
    }

    /// The space left in the data directory, against `reserveBytes`; `nil`
    /// when the file system does not say.
    public func diskSpace() -> DiskSpace? {
        DiskSpace.available(at: configuration.directory).map { DiskSpace(available: $0, reserve: configuration.reserveBytes) }
    }

    /// Refuses an event whose footprint would eat into the reserve, before
    /// it reaches the writer: a full disk then fails appends alone, and the
    /// outbox updates queued beside them still fit.
    private func checkSpace(for event: NewEvent) throws(StoreError) {
        guard configuration.reserveBytes > 0, let space = diskSpace(),
              !space.admits(payloadBytes: event.payload.count) else { return }
        throw StoreError(.noSpace, "\(space) in \(configuration.directory); an event of \(event.payload.count) bytes "
                         + "needs \(DiskSpace.footprint(ofPayload: event.payload.count)) above the reserve")
    }

    /// A lone INSERT needs no savepoint (SQLite undoes a failed statement by
    /// itself); an event with actions is several statements that stand or fall together.
    private static func needsSavepoint(_ actions: [NewAction]?) -> Bool { !(actions?.isEmpty ?? true) }

    /// Compresses, encodes and checksums the event's log record on the
    /// caller's thread, so the writer thread (the bottleneck) only copies it.
    private static func record(for event: NewEvent) -> PayloadRecord {
        let (codec, stored) = PayloadCodec.encode(event.payload)
        return PayloadRecord(id: 0, receivedAt: event.receivedAt, source: event.source, deliveryID: event.deliveryID,
                             name: event.name, headers: HeaderCodec.encode(event.headers), codec: codec, payload: stored)
    }

    /// The hot path: one INSERT per new event, whose record joins the batch's
    /// payload log write, plus one per action; a duplicate costs one extra
    /// indexed SELECT.
    ///
    /// No sync of its own (`skipsSync`): the payload log's fsync makes the
    /// event durable, and a power loss that takes this commit leaves the event
    /// to be recovered from the log as pending, whose actions the dispatcher
    /// then records again from the same rules.
    private static func insert(
        _ record: PayloadRecord, actions: [NewAction]?, _ db: SQLiteDatabase
    ) throws(StoreError) -> AppendResult {
        guard let log = db.payloadLog else { throw StoreError(.database, "the writer has no payload log") }
        var dispatched = false
        if actions != nil { dispatched = try noEventIsPending(db) }
        let place = try log.place(record, db)
        let inserted = try db.statement("""
            INSERT INTO events(source, delivery_id, name, received_at, headers, payload_segment, payload_offset,
                               payload_length, payload_codec, state, dispatched_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(source, delivery_id) DO NOTHING
            """).run(.text(record.source), .text(record.deliveryID), .text(record.name), .int(record.receivedAt),
                     .blob(record.headers), .int(place.segment), .int(place.payloadOffset),
                     .int(Int64(record.payload.count)), .int(Int64(record.codec.rawValue)),
                     .int(dispatched ? EventState.dispatched.code : EventState.pending.code),
                     dispatched ? .int(record.receivedAt) : .null)
        if inserted == 1 {
            var stored = record
            stored.id = db.lastInsertRowID
            if dispatched, let actions, !actions.isEmpty {
                try insertActions(actions, eventID: stored.id, now: record.receivedAt, db)
            }
            if !dispatched { db.noEventIsPending = false }
            // Last: a job that failed above leaves nothing in the batch's log write.
            log.append(stored)
            return dispatched ? .dispatched(stored.id) : .stored(stored.id)
        }
        var existing: Int64?
        try db.statement("SELECT id FROM events WHERE source = ? AND delivery_id = ?")
            .query(.text(record.source), .text(record.deliveryID)) { row in existing = row.int(0) }
        guard let existing else { throw StoreError(.database, "event insert changed nothing and found no duplicate") }
        return .duplicate(existing)
    }

    /// Whether no event waits for the dispatcher. Only this (the writer's)
    /// connection adds events, so once known it stays true until it adds a
    /// pending one; a rollback only takes events away.
    private static func noEventIsPending(_ db: SQLiteDatabase) throws(StoreError) -> Bool {
        if !db.noEventIsPending {
            db.noEventIsPending = try db.integer("SELECT EXISTS (SELECT 1 FROM events WHERE state = 0)") == 0
        }
        return db.noEventIsPending
    }

    static let eventColumns = """
        id, source, delivery_id, name, received_at, headers, payload_segment, payload_offset, payload_length, state, \
        dispatched_at, payload_codec
        """

    public func event(id: Int64) async throws(StoreError) -> StoredEvent? {
        try await read { db throws(StoreError) in
            var event: StoredEvent?
            let select = try db.statement("SELECT \(Self.eventColumns) FROM events WHERE id = ?")
            try select.query(.int(id)) { row throws(StoreError) in
                event = try row.storedEvent(payloadDirectory: self.configuration.payloadDirectory)
            }
            return event
        }
    }

    public func pendingEvents(afterID: Int64, limit: Int) async throws(StoreError) -> [PendingEvent] {
        try StoreLimits.check(limit: limit)
        return try await read { db throws(StoreError) in
            var events: [PendingEvent] = []
            try db.statement("""
                SELECT id, source, delivery_id, name, received_at FROM events
                WHERE state = 0 AND id > ? ORDER BY id LIMIT ?
                """).query(.int(afterID), .int(Int64(limit))) { row in
                    events.append(PendingEvent(id: row.int(0), source: row.text(1), deliveryID: row.text(2),
                                               name: row.text(3), receivedAt: row.int(4)))
                }
            return events
        }
    }

    // MARK: Dedup keys

    public func keyRecord(forDedupKey dedupKey: String) async throws(StoreError) -> KeyRecord? {
        try await read { db throws(StoreError) in
            var record: KeyRecord?
            try db.statement("SELECT \(KeyRecord.columns) FROM keys WHERE dedup_key = ?").query(.text(dedupKey)) { row in
                record = row.keyRecord(from: 0)
            }
            return record
        }
    }

    public func saveKeyRecord(_ record: KeyRecord, forDedupKey dedupKey: String) async throws(StoreError) {
        // No sync of its own: the record is written before the Sniffer call's
        // outcome, whose synced commit makes it durable too (the WAL keeps
        // commits in order); lost with that outcome to a power failure, the
        // action is redone, and its look-ups find what it did.
        try await writer.perform(savepoint: false, skipsSync: true) { db throws(StoreError) in
            try db.statement("""
                INSERT OR REPLACE INTO keys(dedup_key, bug_id, last_comment_hash, resolved_at, updated_at, created_by_action,
                                            window_opener, window_ends_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """).run(.text(dedupKey), .optional(record.bugID), .optional(record.lastCommentHash),
                         .optional(record.resolvedAt), .int(record.updatedAt), .optional(record.createdByAction),
                         .optional(record.commentWindow?.opener), .optional(record.commentWindow?.endsAt))
        }
    }

    /// A store dropped without `close()` still ends its writer thread (after
    /// the queued writes) and closes its connections.
    deinit { writer.requestStop() }

    public func close() async {
        await writer.stop()
        reader.withLock { $0 = nil }
    }
}
