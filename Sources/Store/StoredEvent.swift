/// An inbound event as the store holds it.
public struct StoredEvent: Sendable, Hashable, Identifiable {
    /// The store's id, assigned at append; increasing in append order.
    public var id: Int64
    public var source: String
    public var deliveryID: String
    public var name: String
    public var receivedAt: EpochMillis
    public var headers: [HeaderField]
    public var payload: [UInt8]
    public var state: EventState
    /// When `dispatch` recorded its actions; `nil` while pending.
    public var dispatchedAt: EpochMillis?

    public init(id: Int64, source: String, deliveryID: String, name: String, receivedAt: EpochMillis,
                headers: [HeaderField], payload: [UInt8], state: EventState, dispatchedAt: EpochMillis?) {
        self.id = id
        self.source = source
        self.deliveryID = deliveryID
        self.name = name
        self.receivedAt = receivedAt
        self.headers = headers
        self.payload = payload
        self.state = state
        self.dispatchedAt = dispatchedAt
    }
}
