/// The outcome of appending an inbound event, told to the caller only after
/// the event is durable (its batch committed).
public enum AppendResult: Sendable, Hashable {
    /// A new event, stored under this id.
    case stored(Int64)
    /// The same `(source, deliveryID)` was stored before under this id; nothing was written.
    case duplicate(Int64)

    /// The event's id, new or existing.
    public var id: Int64 {
        switch self {
        case .stored(let id), .duplicate(let id): return id
        }
    }

    public var isDuplicate: Bool {
        if case .duplicate = self { return true }
        return false
    }
}
