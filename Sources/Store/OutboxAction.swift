/// An action in the outbox, with its delivery bookkeeping.
public struct OutboxAction: Sendable, Hashable, Identifiable {
    public var id: Int64
    /// The event that produced it.
    public var eventID: Int64
    /// Its index among its event's actions (0-based).
    public var sequence: Int
    public var dedupKey: String
    public var kind: String
    public var payload: [UInt8]
    public var state: ActionState
    /// Attempts whose outcome was recorded (complete, retry, dead letter).
    public var attempts: Int
    /// When it may next be claimed (meaningful while pending).
    public var nextAttemptAt: EpochMillis
    /// When it was first claimed; `nil` until then. Retry policies measure max age from here or `createdAt`.
    public var firstAttemptAt: EpochMillis?
    public var lastError: String?
    /// What the delivery returned (e.g. the Sniffer bug id), set by `complete`.
    public var result: String?
    public var createdAt: EpochMillis
    /// When it became done, dead or dropped; `nil` while unfinished.
    public var finishedAt: EpochMillis?
    /// A done action's result as the actions after it read it (JSON text,
    /// opaque to the store), set by `complete`; `nil` when it gave none.
    public var output: String?

    public init(id: Int64, eventID: Int64, sequence: Int, dedupKey: String, kind: String, payload: [UInt8],
                state: ActionState, attempts: Int, nextAttemptAt: EpochMillis, firstAttemptAt: EpochMillis?,
                lastError: String?, result: String?, createdAt: EpochMillis, finishedAt: EpochMillis?, output: String? = nil) {
        self.id = id
        self.eventID = eventID
        self.sequence = sequence
        self.dedupKey = dedupKey
        self.kind = kind
        self.payload = payload
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.firstAttemptAt = firstAttemptAt
        self.lastError = lastError
        self.result = result
        self.createdAt = createdAt
        self.finishedAt = finishedAt
        self.output = output
    }
}
