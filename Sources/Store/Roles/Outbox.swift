/// The actions waiting to be delivered: claimed one per dedup key at a
/// time, strictly in order, and each attempt's outcome recorded. The
/// delivery scheduler's role.
public protocol Outbox: Sendable {
    /// Claims up to `limit` actions whose attempt time has come and marks them in flight.
    /// Only the oldest unfinished action of each dedup key is ever eligible, so
    /// actions of one key run strictly in order, one at a time; different keys in parallel.
    func claimDue(now: EpochMillis, limit: Int) async throws(StoreError) -> [OutboxAction]

    /// An in-flight action succeeded: done, with `result` (e.g. the bug id)
    /// and `output`, what the actions after it read as its step result.
    func complete(actionID: Int64, result: String?, output: String?, now: EpochMillis) async throws(StoreError)

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

    /// The actions recorded for `eventID`, in their order (`sequence`): what
    /// a later action of the same event reads of the earlier ones' results.
    func actions(ofEvent eventID: Int64) async throws(StoreError) -> [OutboxAction]

    /// The pending actions queued behind the in-flight `actionID` under its
    /// dedup key, in queue order, at most `limit`: what it may coalesce.
    func queued(behind actionID: Int64, limit: Int) async throws(StoreError) -> [OutboxAction]

    /// In one transaction: the pending `members` (queued behind the in-flight
    /// `leader`, same key) become done, with the result "coalesced into
    /// action <leader>", and remember their leader. Nothing changes unless
    /// every member is pending behind it.
    func coalesce(_ members: [Int64], into leader: Int64, now: EpochMillis) async throws(StoreError)

    /// The actions coalesced into `leader`, in queue order: after a crash the
    /// leader's retry finds the very members it took, and no others.
    func coalesced(into leader: Int64) async throws(StoreError) -> [OutboxAction]
}

extension Outbox {
    /// An in-flight action succeeded with no output.
    public func complete(actionID: Int64, result: String?, now: EpochMillis) async throws(StoreError) {
        try await complete(actionID: actionID, result: result, output: nil, now: now)
    }
}
