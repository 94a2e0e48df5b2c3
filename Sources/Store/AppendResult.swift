/// The outcome of appending an inbound event, told to the caller only after
/// the event is durable (its batch committed).
public enum AppendResult: Sendable, Hashable {
    /// A new event, stored under this id with the actions it came with in the
    /// outbox (none, when no rule wanted it), in the same transaction.
    case dispatched(Int64)
    /// A new event, stored under this id and left for the dispatcher: it came
    /// without actions, or older events still wait for theirs (its actions
    /// then enter the outbox after theirs, in event order).
    case stored(Int64)
    /// The same `(source, deliveryID)` was stored before under this id; nothing was written.
    case duplicate(Int64)

    /// The event's id, new or existing.
    public var id: Int64 {
        switch self {
        case .dispatched(let id), .stored(let id), .duplicate(let id): return id
        }
    }

    public var isDuplicate: Bool {
        if case .duplicate = self { return true }
        return false
    }
}
