/// What the admin API lists: events and deliveries filtered and paged,
/// newest first, each page after the last one's id (`before`).
public protocol StoreBrowsing: Sendable {
    /// Events matching `query`, newest first, without their payloads.
    func events(matching query: EventQuery) async throws(StoreError) -> [EventSummary]

    /// Actions matching `query`, newest first.
    func actions(matching query: ActionQuery) async throws(StoreError) -> [OutboxAction]

    /// Events received and attempts recorded since `since` (the console's last hour).
    func activity(since: EpochMillis) async throws(StoreError) -> StoreActivity

    /// The recorded attempts of the action `id`, oldest first (none for an unknown id).
    func attempts(ofAction id: Int64) async throws(StoreError) -> [DeliveryAttempt]
}
