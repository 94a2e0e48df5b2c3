/// Where an outbox action is in its delivery life.
public enum ActionState: String, Sendable, CaseIterable {
    /// Waiting for its next attempt time (and for older actions of its key).
    case pending
    /// Claimed by a worker; `recoverInFlight` returns these to pending after a crash.
    case inFlight = "in_flight"
    /// Delivered; `result` holds what Sniffer answered (e.g. the bug id).
    case done
    /// Gave up (attempts or age exhausted, or a permanent error); kept until an
    /// operator retries or drops it; never pruned.
    case dead
    /// Dropped by an operator; finished, pruned like `done`.
    case dropped

    /// Pending and in-flight actions hold their key's queue; the rest are finished.
    public var isFinished: Bool { self != .pending && self != .inFlight }

    var code: Int64 {
        switch self {
        case .pending: return 0
        case .inFlight: return 1
        case .done: return 2
        case .dead: return 3
        case .dropped: return 4
        }
    }

    init?(code: Int64) {
        guard let state = ActionState.allCases.first(where: { $0.code == code }) else { return nil }
        self = state
    }
}
