/// What operators and metrics read and change: `deliveries list/show/retry/drop`,
/// the outbox gauges, and retention.
public protocol StoreAdmin: Sendable {
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

    /// Free space where the store writes and its reserve; `nil` for a store
    /// without a local disk (or when the file system does not say).
    func diskSpace() -> DiskSpace?

    /// Deletes what is finished and older than `cutoff`: done and dropped actions
    /// finished before it, and dispatched events dispatched before it that have no
    /// actions left. Never touches pending, in-flight or dead actions (nor their
    /// events). Gives the freed space back to the file system.
    @discardableResult
    func prune(olderThan cutoff: EpochMillis) async throws(StoreError) -> PruneResult
}

extension StoreAdmin {
    public func diskSpace() -> DiskSpace? { nil }
}
