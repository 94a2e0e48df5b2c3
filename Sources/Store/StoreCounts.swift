/// Sizes for metrics and `deliveries`: events awaiting dispatch and the outbox depth by state.
public struct StoreCounts: Sendable, Hashable {
    public var pendingEvents: Int
    /// Every `ActionState` is present, zero when empty.
    public var actions: [ActionState: Int]

    public init(pendingEvents: Int, actions: [ActionState: Int]) {
        self.pendingEvents = pendingEvents
        var all = Dictionary(uniqueKeysWithValues: ActionState.allCases.map { ($0, 0) })
        all.merge(actions) { $1 }
        self.actions = all
    }
}
