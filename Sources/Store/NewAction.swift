/// An action the rules produced for an event, to record in the outbox.
public struct NewAction: Sendable, Hashable {
    /// Actions with the same key run strictly in order, one at a time
    /// (e.g. repository + workflow + branch: one bug's life).
    public var dedupKey: String
    /// What to do (`create`, `comment`, `status`, ...): opaque to the store.
    public var kind: String
    /// The serialized action, opaque to the store.
    public var payload: [UInt8]

    public init(dedupKey: String, kind: String, payload: [UInt8]) {
        self.dedupKey = dedupKey
        self.kind = kind
        self.payload = payload
    }
}
