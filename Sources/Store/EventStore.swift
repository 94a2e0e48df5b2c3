/// The durable inbox and outbox of the gateway, independent of the database.
///
/// Implementations: `SQLiteStore` (the default, one file in a data directory)
/// and `InMemoryStore` (tests); a PostgreSQL one can follow, so nothing here
/// names SQLite. Time is always passed in (`EpochMillis`), never read.
///
/// The life of an event: `append(_:actions:)` (durable, deduplicated by
/// source + delivery id; the actions the rules gave at ingest enter the outbox
/// in the same transaction) -> `claimDue` (per dedup key, strictly in order,
/// one at a time) -> `complete` | `retry` | `deadLetter` | `release`. An event
/// appended without actions (recovered after a power loss, or with no rules
/// at hand) waits in `pendingEvents` until `dispatch` records its actions.
public protocol EventStore: Sendable {
    // MARK: Inbound

    /// Appends `event` and returns once it is durable (its batch has committed).
    /// A redelivery of the same `(source, deliveryID)` returns `.duplicate` and writes nothing.
    ///
    /// With `actions` (the rules' evaluation, possibly empty) they enter the
    /// outbox in the same transaction, due at `event.receivedAt`, and the event
    /// is stored dispatched (`.dispatched`). Without them, or while older
    /// events still wait for the dispatcher (so one key's actions keep event
    /// order), the event is stored pending (`.stored`).
    func append(_ event: NewEvent, actions: [NewAction]?) async throws(StoreError) -> AppendResult

    /// The same as `append(_:actions:)`, for callers outside Swift concurrency
    /// (the HTTP handler seam): `completion` runs once, after the commit, on a
    /// store thread (the SQLite writer's): keep it short (hand the answer over,
    /// never block).
    func append(
        _ event: NewEvent, actions: [NewAction]?,
        completion: @escaping @Sendable (Result<AppendResult, StoreError>) -> Void)

    /// One event by id, with its payload.
    func event(id: Int64) async throws(StoreError) -> StoredEvent?

    /// Up to `limit` events not yet dispatched with ids above `afterID`, oldest
    /// first, without their payloads. The cursor lets a dispatcher that skips
    /// one it cannot evaluate yet move on without re-reading it.
    func pendingEvents(afterID: Int64, limit: Int) async throws(StoreError) -> [PendingEvent]

    /// Records `actions` (in order) in the outbox and marks the event dispatched,
    /// atomically. Returns the new action ids. Throws `.wrongState` if the event
    /// was already dispatched, `.notFound` if it does not exist.
    @discardableResult
    func dispatch(eventID: Int64, actions: [NewAction], now: EpochMillis) async throws(StoreError) -> [Int64]

    // MARK: Outbox

    /// Claims up to `limit` actions whose attempt time has come and marks them in flight.
    /// Only the oldest unfinished action of each dedup key is ever eligible, so
    /// actions of one key run strictly in order, one at a time; different keys in parallel.
    func claimDue(now: EpochMillis, limit: Int) async throws(StoreError) -> [OutboxAction]

    /// An in-flight action succeeded: done, with `result` (e.g. the bug id).
    func complete(actionID: Int64, result: String?, now: EpochMillis) async throws(StoreError)

    /// An in-flight action failed and will be tried again at `at`: attempts + 1,
    /// back to pending, the schedule persisted.
    func retry(actionID: Int64, at: EpochMillis, error: String, now: EpochMillis) async throws(StoreError)

    /// Gives an in-flight action back without spending an attempt (e.g. the
    /// gateway's token is invalid and deliveries pause): pending, due at `at`.
    func release(actionID: Int64, at: EpochMillis) async throws(StoreError)

    /// An in-flight action failed for good: dead, attempts + 1, with its last error.
    /// Dead actions no longer hold their key's queue.
    func deadLetter(actionID: Int64, error: String, now: EpochMillis) async throws(StoreError)

    /// On start: every in-flight action (left by a crash) returns to pending, due
    /// at `now`, attempts unchanged. Returns how many.
    @discardableResult
    func recoverInFlight(now: EpochMillis) async throws(StoreError) -> Int

    // MARK: Dedup keys

    /// What is known about `dedupKey`, or `nil`.
    func keyRecord(forDedupKey dedupKey: String) async throws(StoreError) -> KeyRecord?

    /// Replaces what is known about `dedupKey`.
    func saveKeyRecord(_ record: KeyRecord, forDedupKey dedupKey: String) async throws(StoreError)

    // MARK: Operations (`deliveries list/show/retry/drop`, metrics)

    /// Actions in `state` (all states when `nil`), ordered by id, with ids greater than `afterID`.
    func actions(state: ActionState?, afterID: Int64, limit: Int) async throws(StoreError) -> [OutboxAction]

    /// One action by id.
    func action(id: Int64) async throws(StoreError) -> OutboxAction?

    /// Operator retry: a dead or dropped action goes back to pending, due at `now`,
    /// attempts reset, queued behind its key's unfinished actions; a pending one
    /// becomes due at `now`. Throws `.wrongState` for done or in-flight actions.
    func retryAction(id: Int64, now: EpochMillis) async throws(StoreError)

    /// `retryAction` for every dead action, oldest first. Returns how many.
    @discardableResult
    func retryAllDead(now: EpochMillis) async throws(StoreError) -> Int

    /// Operator drop: a pending or dead action becomes dropped (finished). Throws
    /// `.wrongState` for in-flight actions (a worker is delivering it) and done ones.
    func dropAction(id: Int64, now: EpochMillis) async throws(StoreError)

    /// Pending events and actions by state.
    func counts() async throws(StoreError) -> StoreCounts

    /// Deletes what is finished and older than `cutoff`: done and dropped actions
    /// finished before it, and dispatched events dispatched before it that have no
    /// actions left. Never touches pending, in-flight or dead actions (nor their
    /// events). Gives the freed space back to the file system.
    @discardableResult
    func prune(olderThan cutoff: EpochMillis) async throws(StoreError) -> PruneResult

    /// Finishes queued writes and releases the storage. Later calls throw `.closed`.
    func close() async
}

extension EventStore {
    /// Appends `event` without actions: it waits for the dispatcher.
    public func append(_ event: NewEvent) async throws(StoreError) -> AppendResult {
        try await append(event, actions: nil)
    }

    /// Up to `limit` events not yet dispatched, oldest first.
    public func pendingEvents(limit: Int) async throws(StoreError) -> [PendingEvent] {
        try await pendingEvents(afterID: 0, limit: limit)
    }
}
