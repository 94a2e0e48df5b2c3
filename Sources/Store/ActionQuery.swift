/// A filter and a page of `StoreBrowsing.actions(matching:)`. Every field
/// left `nil` matches every action.
public struct ActionQuery: Sendable, Equatable {
    public var state: ActionState?
    /// The source of the action's event.
    public var source: String?
    /// Text its dedup key contains.
    public var keyContains: String?
    /// Only ids below this one: the cursor of the next page.
    public var before: Int64?
    public var limit: Int

    public init(
        state: ActionState? = nil, source: String? = nil, keyContains: String? = nil, before: Int64? = nil, limit: Int = 50
    ) {
        self.state = state
        self.source = source
        self.keyContains = keyContains
        self.before = before
        self.limit = limit
    }
}
