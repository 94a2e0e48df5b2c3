extension InMemoryStore {
    public func events(matching query: EventQuery) async throws(StoreError) -> [EventSummary] {
        try StoreLimits.check(limit: query.limit)
        return try withState { state in
            let matching = state.events.values.filter { event in
                (query.source == nil || event.source == query.source)
                    && (query.state == nil || event.state == query.state)
                    && (query.since.map { event.receivedAt >= $0 } ?? true)
                    && (query.until.map { event.receivedAt < $0 } ?? true)
                    && (query.before.map { event.id < $0 } ?? true)
                    && (query.keyContains.map { key in
                        state.actions.values.contains { $0.eventID == event.id && $0.dedupKey.contains(key) }
                    } ?? true)
            }
            return matching.sorted { $0.id > $1.id }.prefix(query.limit).map { event in
                EventSummary(
                    id: event.id, source: event.source, deliveryID: event.deliveryID, name: event.name,
                    receivedAt: event.receivedAt, state: event.state, dispatchedAt: event.dispatchedAt,
                    actions: state.actions.values.filter { $0.eventID == event.id }.count)
            }
        }
    }

    public func activity(since: EpochMillis) async throws(StoreError) -> StoreActivity {
        try withState { state in
            var activity = StoreActivity(since: since)
            for event in state.events.values where event.receivedAt >= since { activity.events[event.source, default: 0] += 1 }
            for (id, attempts) in state.attempts {
                guard let kind = state.actions[id]?.kind else { continue }
                for attempt in attempts where attempt.at >= since {
                    activity.attempts[kind, default: [:]][attempt.outcome, default: 0] += 1
                }
            }
            return activity
        }
    }

    public func attempts(ofAction id: Int64) async throws(StoreError) -> [DeliveryAttempt] {
        try withState { $0.attempts[id] ?? [] }
    }

    public func actions(matching query: ActionQuery) async throws(StoreError) -> [OutboxAction] {
        try StoreLimits.check(limit: query.limit)
        return try withState { state in
            Array(state.actions.values.filter { action in
                (query.state == nil || action.state == query.state)
                    && (query.source.map { state.events[action.eventID]?.source == $0 } ?? true)
                    && (query.keyContains.map { action.dedupKey.contains($0) } ?? true)
                    && (query.before.map { action.id < $0 } ?? true)
            }.sorted { $0.id > $1.id }.prefix(query.limit))
        }
    }
}
