/// A filter and a page of `StoreBrowsing.events(matching:)`. Every field
/// left `nil` matches every event.
public struct EventQuery: Sendable, Equatable {
    public var source: String?
    public var state: EventState?
    /// Received at or after.
    public var since: EpochMillis?
    /// Received before.
    public var until: EpochMillis?
    /// Text one of the event's actions has in its dedup key.
    public var keyContains: String?
    /// Only ids below this one: the cursor of the next page.
    public var before: Int64?
    public var limit: Int

    public init(
        source: String? = nil, state: EventState? = nil, since: EpochMillis? = nil, until: EpochMillis? = nil,
        keyContains: String? = nil, before: Int64? = nil, limit: Int = 50
    ) {
        self.source = source
        self.state = state
        self.since = since
        self.until = until
        self.keyContains = keyContains
        self.before = before
        self.limit = limit
    }
}
