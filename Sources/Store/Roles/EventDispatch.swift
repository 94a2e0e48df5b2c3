/// The events stored without their actions, and the step that records
/// them: the dispatcher's role.
public protocol EventDispatch: Sendable {
    /// Up to `limit` events not yet dispatched with ids above `afterID`, oldest
    /// first, without their payloads. The cursor lets a dispatcher that skips
    /// one it cannot evaluate yet move on without re-reading it.
    func pendingEvents(afterID: Int64, limit: Int) async throws(StoreError) -> [PendingEvent]

    /// Records `actions` (in order) in the outbox and marks the event dispatched,
    /// atomically. Returns the new action ids. Throws `.wrongState` if the event
    /// was already dispatched, `.notFound` if it does not exist.
    @discardableResult
    func dispatch(eventID: Int64, actions: [NewAction], now: EpochMillis) async throws(StoreError) -> [Int64]
}

extension EventDispatch {
    /// Up to `limit` events not yet dispatched, oldest first.
    public func pendingEvents(limit: Int) async throws(StoreError) -> [PendingEvent] {
        try await pendingEvents(afterID: 0, limit: limit)
    }
}
