extension InMemoryStore {
    public func actions(state wanted: ActionState?, afterID: Int64,
                        limit: Int) async throws(StoreError) -> [OutboxAction] {
        try StoreLimits.check(limit: limit)
        return try withState { state throws(StoreError) in
            Array(state.actions.values
                .filter { $0.id > afterID && (wanted == nil || $0.state == wanted) }
                .sorted { $0.id < $1.id }
                .prefix(limit))
        }
    }

    public func action(id: Int64) async throws(StoreError) -> OutboxAction? {
        try withState { $0.actions[id] }
    }

    public func actions(ofEvent eventID: Int64) async throws(StoreError) -> [OutboxAction] {
        try withState { state in state.actions.values.filter { $0.eventID == eventID }.sorted { $0.sequence < $1.sequence } }
    }

    public func retryAction(id: Int64, now: EpochMillis) async throws(StoreError) {
        try withState { state throws(StoreError) in try Self.retry(id, now: now, in: &state) }
    }

    @discardableResult
    public func retryAllDead(now: EpochMillis) async throws(StoreError) -> Int {
        try withState { state throws(StoreError) in
            let dead = state.actions.values.filter { $0.state == .dead }.map(\.id).sorted()
            for id in dead { try Self.retry(id, now: now, in: &state) }
            return dead.count
        }
    }

    private static func retry(_ id: Int64, now: EpochMillis, in state: inout State) throws(StoreError) {
        guard var action = state.actions[id] else { throw StoreError.noAction(id) }
        switch action.state {
        case .pending:
            action.nextAttemptAt = now
        case .dead, .dropped:
            action.state = .pending
            action.attempts = 0
            action.firstAttemptAt = nil
            action.nextAttemptAt = now
            action.finishedAt = nil
            state.positions[id] = state.nextPosition  // behind its key's unfinished actions
            state.nextPosition += 1
        case .inFlight, .done:
            throw StoreError.notAllowed(id, action.state, "retried", allowed: [.pending, .dead, .dropped])
        }
        state.actions[id] = action
    }

    public func dropAction(id: Int64, now: EpochMillis) async throws(StoreError) {
        try withState { state throws(StoreError) in
            guard var action = state.actions[id] else { throw StoreError.noAction(id) }
            guard action.state == .pending || action.state == .dead else {
                throw StoreError.notAllowed(id, action.state, "dropped", allowed: [.pending, .dead])
            }
            action.state = .dropped
            action.finishedAt = now
            state.actions[id] = action
        }
    }

    public func counts() async throws(StoreError) -> StoreCounts {
        try withState { state throws(StoreError) in
            var actions: [ActionState: Int] = [:]
            for action in state.actions.values { actions[action.state, default: 0] += 1 }
            let pending = state.events.values.filter { $0.state == .pending }.count
            return StoreCounts(pendingEvents: pending, actions: actions)
        }
    }

    @discardableResult
    public func prune(olderThan cutoff: EpochMillis) async throws(StoreError) -> PruneResult {
        try withState { state throws(StoreError) in
            let oldActions = state.actions.values.filter {
                ($0.state == .done || $0.state == .dropped) && ($0.finishedAt ?? cutoff) < cutoff
            }.map(\.id)
            for id in oldActions {
                state.actions[id] = nil
                state.positions[id] = nil
                state.attempts[id] = nil
            }
            let withActions = Set(state.actions.values.map(\.eventID))
            let oldEvents = state.events.values.filter {
                $0.state == .dispatched && ($0.dispatchedAt ?? cutoff) < cutoff && !withActions.contains($0.id)
            }
            for event in oldEvents {
                state.events[event.id] = nil
                state.eventIDs[event.source + "\u{0}" + event.deliveryID] = nil
            }
            return PruneResult(events: oldEvents.count, actions: oldActions.count)
        }
    }

    public func close() async {
        state.withLock { $0.closed = true }
    }
}
