/// An event stored without its actions, as the dispatcher first sees it:
/// everything but the payload, which is read (and decompressed) only for the
/// events it really evaluates (`EventStore.event(id:)`).
public struct PendingEvent: Sendable, Hashable, Identifiable {
    public var id: Int64
    public var source: String
    public var deliveryID: String
    public var name: String
    public var receivedAt: EpochMillis

    public init(id: Int64, source: String, deliveryID: String, name: String, receivedAt: EpochMillis) {
        self.id = id
        self.source = source
        self.deliveryID = deliveryID
        self.name = name
        self.receivedAt = receivedAt
    }
}
