import Synchronization

/// An `EventStore` in memory, with the same semantics as `SQLiteStore`, for
/// tests of the layers above. Nothing survives the process; every call is
/// immediate and "durable" at once.
public final class InMemoryStore: EventStore {
    struct State {
        var events: [Int64: StoredEvent] = [:]
        var eventIDs: [String: Int64] = [:]  // "source\0deliveryID" -> id
        var actions: [Int64: OutboxAction] = [:]
        /// Queue position per action: order within a dedup key (retried dead actions move to the back).
        var positions: [Int64: Int64] = [:]
        var keys: [String: KeyRecord] = [:]
        /// Coalesced action -> the action it was coalesced into.
        var coalescedInto: [Int64: Int64] = [:]
        /// Each action's recorded attempts, oldest first.
        var attempts: [Int64: [DeliveryAttempt]] = [:]
        var nextEventID: Int64 = 1
        var nextActionID: Int64 = 1
        var nextPosition: Int64 = 1
        var closed = false
    }

    let state = Mutex(State())

    public init() {}

    func withState<T: Sendable>(_ body: (inout State) throws(StoreError) -> T) throws(StoreError) -> T {
        let result: Result<T, StoreError> = state.withLock { state in
            guard !state.closed else { return .failure(StoreError(.closed, "the store is closed")) }
            do throws(StoreError) { return .success(try body(&state)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    // MARK: Inbound

    public func append(_ event: NewEvent, actions: [NewAction]?) async throws(StoreError) -> AppendResult {
        try appendNow(event, actions: actions)
    }

    public func append(
        _ event: NewEvent, actions: [NewAction]?,
        completion: @escaping @Sendable (Result<AppendResult, StoreError>) -> Void
    ) {
        do throws(StoreError) { completion(.success(try appendNow(event, actions: actions))) } catch {
            completion(.failure(error))
        }
    }

    private func appendNow(_ event: NewEvent, actions: [NewAction]?) throws(StoreError) -> AppendResult {
        try event.validate()
        return try withState { state throws(StoreError) in
            let key = event.source + "\u{0}" + event.deliveryID
            if let existing = state.eventIDs[key] { return .duplicate(existing) }
            let id = state.nextEventID
            state.nextEventID += 1
            state.eventIDs[key] = id
            // Behind events still waiting for the dispatcher, as in `SQLiteStore`.
            let dispatched = actions != nil && !state.events.values.contains { $0.state == .pending }
            state.events[id] = StoredEvent(
                id: id, source: event.source, deliveryID: event.deliveryID, name: event.name,
                receivedAt: event.receivedAt, headers: event.headers, payload: event.payload,
                state: dispatched ? .dispatched : .pending, dispatchedAt: dispatched ? event.receivedAt : nil)
            guard dispatched, let actions else { return .stored(id) }
            Self.insertActions(actions, eventID: id, now: event.receivedAt, &state)
            return .dispatched(id)
        }
    }

    public func event(id: Int64) async throws(StoreError) -> StoredEvent? {
        try withState { $0.events[id] }
    }

    public func pendingEvents(afterID: Int64, limit: Int) async throws(StoreError) -> [PendingEvent] {
        try StoreLimits.check(limit: limit)
        return try withState { state throws(StoreError) in
            state.events.values.filter { $0.state == .pending && $0.id > afterID }.sorted { $0.id < $1.id }
                .prefix(limit)
                .map { PendingEvent(id: $0.id, source: $0.source, deliveryID: $0.deliveryID, name: $0.name,
                                    receivedAt: $0.receivedAt) }
        }
    }

    @discardableResult
    public func dispatch(eventID: Int64, actions: [NewAction], now: EpochMillis) async throws(StoreError) -> [Int64] {
        try withState { state throws(StoreError) in
            guard var event = state.events[eventID] else { throw StoreError.noEvent(eventID) }
            guard event.state == .pending else {
                throw StoreError(.wrongState, "event \(eventID) is already dispatched")
            }
            event.state = .dispatched
            event.dispatchedAt = now
            state.events[eventID] = event
            return Self.insertActions(actions, eventID: eventID, now: now, &state)
        }
    }

    /// Puts `actions` (in order) at the back of their keys' queues, due at `now`.
    @discardableResult
    private static func insertActions(
        _ actions: [NewAction], eventID: Int64, now: EpochMillis, _ state: inout State
    ) -> [Int64] {
        var ids: [Int64] = []
        for (sequence, action) in actions.enumerated() {
            let id = state.nextActionID
            state.nextActionID += 1
            state.positions[id] = state.nextPosition
            state.nextPosition += 1
            state.actions[id] = OutboxAction(
                id: id, eventID: eventID, sequence: sequence, dedupKey: action.dedupKey, kind: action.kind,
                payload: action.payload, state: .pending, attempts: 0, nextAttemptAt: now,
                firstAttemptAt: nil, lastError: nil, result: nil, createdAt: now, finishedAt: nil)
            ids.append(id)
        }
        return ids
    }

    // MARK: Outbox

    /// The head of each key's queue: its unfinished action with the lowest position.
    private static func heads(_ state: State) -> [OutboxAction] {
        var heads: [String: OutboxAction] = [:]
        for action in state.actions.values where !action.state.isFinished {
            if let head = heads[action.dedupKey],
               (state.positions[head.id] ?? 0) < (state.positions[action.id] ?? 0) { continue }
            heads[action.dedupKey] = action
        }
        return Array(heads.values)
    }

    public func claimDue(now: EpochMillis, limit: Int) async throws(StoreError) -> [OutboxAction] {
        try StoreLimits.check(limit: limit)
        return try withState { state throws(StoreError) in
            let due = Self.heads(state)
                .filter { $0.state == .pending && $0.nextAttemptAt <= now }
                .sorted { ($0.nextAttemptAt, $0.id) < ($1.nextAttemptAt, $1.id) }
                .prefix(limit)
            return due.map { action in
                var claimed = action
                claimed.state = .inFlight
                if claimed.firstAttemptAt == nil { claimed.firstAttemptAt = now }
                state.actions[claimed.id] = claimed
                return claimed
            }
        }
    }

    public func complete(actionID: Int64, result: String?, output: String?, now: EpochMillis) async throws(StoreError) {
        try updateInFlight(actionID, recording: (.done, result, now)) { action in
            action.state = .done
            action.attempts += 1
            action.result = result
            action.output = output
            action.finishedAt = now
        }
    }

    public func retry(actionID: Int64, at: EpochMillis, error: String, now: EpochMillis) async throws(StoreError) {
        try updateInFlight(actionID, recording: (.retry, error, now)) { action in
            action.state = .pending
            action.attempts += 1
            action.nextAttemptAt = at
            action.lastError = error
        }
    }

    public func release(actionID: Int64, at: EpochMillis) async throws(StoreError) {
        try updateInFlight(actionID) { action in
            action.state = .pending
            action.nextAttemptAt = at
        }
    }

    public func deadLetter(actionID: Int64, error: String, now: EpochMillis) async throws(StoreError) {
        try updateInFlight(actionID, recording: (.dead, error, now)) { action in
            action.state = .dead
            action.attempts += 1
            action.lastError = error
            action.finishedAt = now
        }
    }

    /// Changes the in-flight action `id`; with `recording`, records the attempt it spent.
    private func updateInFlight(
        _ id: Int64, recording attempt: (DeliveryAttempt.Outcome, String?, EpochMillis)? = nil,
        _ change: (inout OutboxAction) -> Void
    ) throws(StoreError) {
        try withState { state throws(StoreError) in
            guard var action = state.actions[id] else { throw StoreError.noAction(id) }
            guard action.state == .inFlight else { throw StoreError.notInFlight(id, action.state) }
            change(&action)
            state.actions[id] = action
            if let (outcome, answer, at) = attempt {
                state.attempts[id, default: []].append(
                    DeliveryAttempt(actionID: id, number: action.attempts, at: at, outcome: outcome, answer: answer))
            }
        }
    }

    @discardableResult
    public func recoverInFlight(now: EpochMillis) async throws(StoreError) -> Int {
        try withState { state throws(StoreError) in
            var count = 0
            for (id, action) in state.actions where action.state == .inFlight {
                var recovered = action
                recovered.state = .pending
                recovered.nextAttemptAt = now
                state.actions[id] = recovered
                count += 1
            }
            return count
        }
    }

    // MARK: Coalescing

    public func queued(behind actionID: Int64, limit: Int) async throws(StoreError) -> [OutboxAction] {
        try StoreLimits.check(limit: limit)
        return try withState { state throws(StoreError) in
            guard let leader = state.actions[actionID] else { throw StoreError.noAction(actionID) }
            let position = state.positions[actionID] ?? 0
            return Self.byPosition(
                state.actions.values.filter {
                    $0.dedupKey == leader.dedupKey && $0.state == .pending && (state.positions[$0.id] ?? 0) > position
                }, state
            ).prefix(limit).map { $0 }
        }
    }

    public func coalesce(_ members: [Int64], into leader: Int64, now: EpochMillis) async throws(StoreError) {
        try withState { state throws(StoreError) in
            guard let head = state.actions[leader] else { throw StoreError.noAction(leader) }
            guard head.state == .inFlight else { throw StoreError.notInFlight(leader, head.state) }
            let position = state.positions[leader] ?? 0
            for member in members {
                guard let action = state.actions[member], action.state == .pending, action.dedupKey == head.dedupKey,
                    (state.positions[member] ?? 0) > position
                else { throw StoreError(.wrongState, "action \(member) is not pending behind action \(leader)") }
            }
            for member in members {
                state.actions[member]?.state = .done
                state.actions[member]?.result = "coalesced into action \(leader)"
                state.actions[member]?.finishedAt = now
                state.coalescedInto[member] = leader
            }
        }
    }

    public func coalesced(into leader: Int64) async throws(StoreError) -> [OutboxAction] {
        try withState { state throws(StoreError) in
            Self.byPosition(state.coalescedInto.filter { $0.value == leader }.compactMap { state.actions[$0.key] }, state)
        }
    }

    private static func byPosition(_ actions: some Sequence<OutboxAction>, _ state: State) -> [OutboxAction] {
        actions.sorted { (state.positions[$0.id] ?? 0) < (state.positions[$1.id] ?? 0) }
    }

    // MARK: Dedup keys

    public func keyRecord(forDedupKey dedupKey: String) async throws(StoreError) -> KeyRecord? {
        try withState { $0.keys[dedupKey] }
    }

    public func saveKeyRecord(_ record: KeyRecord, forDedupKey dedupKey: String) async throws(StoreError) {
        try withState { $0.keys[dedupKey] = record }
    }
}
