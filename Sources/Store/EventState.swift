/// Where an inbound event is in the pipeline.
public enum EventState: String, Sendable, CaseIterable {
    /// Stored, not yet evaluated by the rules.
    case pending
    /// Evaluated: its actions (possibly none) are in the outbox.
    case dispatched

    var code: Int64 { self == .pending ? 0 : 1 }
    init(code: Int64) { self = code == 0 ? .pending : .dispatched }
}
