import Rules
import Store
import Synchronization

/// The rule evaluations made at ingest (for the answer's `"matched"`), handed
/// to the dispatcher in memory by event id, so a fresh event's stored payload
/// is neither parsed again nor evaluated a second time.
///
/// Bounded: past `capacity` entries the oldest is dropped, and an event with
/// no entry (dropped, taken already, or stored before a restart) is evaluated
/// from its stored payload as before. Both paths give the same result: the
/// ingest evaluates `RulesEvent.event(_:requestHeaders:received:)`, which is
/// the stored event's conversion by construction.
package final class IngestEvaluations: Sendable {
    private struct State {
        var results: [Int64: EvaluationResult] = [:]
        /// Event ids in insertion order, a ring once `capacity` is reached.
        var order: [Int64] = []
        /// Where the oldest id sits in `order` once it is full.
        var oldest = 0
    }

    /// How many evaluations are kept at most.
    package let capacity: Int
    private let state = Mutex(State())

    /// A cache of at most `capacity` (at least 1) evaluations.
    package init(capacity: Int = 4096) {
        self.capacity = max(1, capacity)
    }

    /// Keeps `result` for `eventID`, dropping the oldest entry when full.
    package func insert(_ result: EvaluationResult, for eventID: Int64) {
        let capacity = self.capacity
        state.withLock { state in
            if state.order.count < capacity {
                state.order.append(eventID)
            } else {
                state.results[state.order[state.oldest]] = nil
                state.order[state.oldest] = eventID
                state.oldest = (state.oldest + 1) % capacity
            }
            state.results[eventID] = result
        }
    }

    /// The evaluation kept for `eventID`, removed from the cache; `nil` when none is kept.
    package func take(_ eventID: Int64) -> EvaluationResult? {
        state.withLock { $0.results.removeValue(forKey: eventID) }
    }

    /// How many evaluations are kept now.
    package var count: Int { state.withLock { $0.results.count } }
}
