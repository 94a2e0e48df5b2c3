/// One recorded delivery attempt of an outbox action: when its outcome was
/// written, what it was and what the target answered (the result, or the
/// error). An attempt given back without an outcome (`release`) or an
/// action coalesced into another records none.
public struct DeliveryAttempt: Sendable, Hashable {
    /// How the attempt ended.
    public enum Outcome: String, Sendable, CaseIterable {
        /// Delivered: `answer` is the result (e.g. the bug id).
        case done
        /// Failed, to be tried again: `answer` is the error.
        case retry
        /// Failed for good: `answer` is the error.
        case dead
    }

    public var actionID: Int64
    /// The action's attempt count after this one (an operator retry starts again at 1).
    public var number: Int
    public var at: EpochMillis
    public var outcome: Outcome
    public var answer: String?

    public init(actionID: Int64, number: Int, at: EpochMillis, outcome: Outcome, answer: String?) {
        self.actionID = actionID
        self.number = number
        self.at = at
        self.outcome = outcome
        self.answer = answer
    }
}
