/// A stored event without its headers and payload, as a listing shows it.
public struct EventSummary: Sendable, Hashable, Identifiable {
    public var id: Int64
    public var source: String
    public var deliveryID: String
    public var name: String
    public var receivedAt: EpochMillis
    public var state: EventState
    public var dispatchedAt: EpochMillis?
    /// How many actions it has in the outbox.
    public var actions: Int

    public init(
        id: Int64, source: String, deliveryID: String, name: String, receivedAt: EpochMillis, state: EventState,
        dispatchedAt: EpochMillis?, actions: Int
    ) {
        self.id = id
        self.source = source
        self.deliveryID = deliveryID
        self.name = name
        self.receivedAt = receivedAt
        self.state = state
        self.dispatchedAt = dispatchedAt
        self.actions = actions
    }
}
