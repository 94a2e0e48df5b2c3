/// What `prune(olderThan:)` removed.
public struct PruneResult: Sendable, Hashable {
    public var events: Int
    public var actions: Int

    public init(events: Int, actions: Int) {
        self.events = events
        self.actions = actions
    }
}
