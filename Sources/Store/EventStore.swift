/// The durable inbox and outbox of the gateway, independent of the database.
///
/// Implementations: `SQLiteStore` (the default, one file in a data directory)
/// and `InMemoryStore` (tests); a PostgreSQL one can follow, so nothing here
/// names SQLite. Time is always passed in (`EpochMillis`), never read.
///
/// Each role is a protocol of its own, so a part of the gateway depends on
/// the role it plays (the ingest on `Inbox`, the scheduler on `Outbox`, ...).
///
/// The life of an event: `append(_:actions:)` (durable, deduplicated by
/// source + delivery id; the actions the rules gave at ingest enter the outbox
/// in the same transaction) -> `claimDue` (per dedup key, strictly in order,
/// one at a time) -> `complete` | `retry` | `deadLetter` | `release`. An event
/// appended without actions (recovered after a power loss, or with no rules
/// at hand) waits in `pendingEvents` until `dispatch` records its actions.
public protocol EventStore: Inbox, EventDispatch, Outbox, KeyTable, StoreAdmin, StoreBrowsing {
    /// Finishes queued writes and releases the storage. Later calls throw `.closed`.
    func close() async
}
