/// Where webhooks land: appended once, durable before the sender hears
/// back, deduplicated by source and delivery id. The ingest's role.
public protocol Inbox: Sendable {
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
}

extension Inbox {
    /// Appends `event` without actions: it waits for the dispatcher.
    public func append(_ event: NewEvent) async throws(StoreError) -> AppendResult {
        try await append(event, actions: nil)
    }
}
