extension SQLiteStore {
    public func events(matching query: EventQuery) async throws(StoreError) -> [EventSummary] {
        try StoreLimits.check(limit: query.limit)
        let (sql, values) = BrowseSQL.events(query, .sqlite)
        return try await read { db throws(StoreError) in
            var events: [EventSummary] = []
            try db.statement(sql).query(binding: values.map(Self.value)) { row in
                events.append(EventSummary(
                    id: row.int(0), source: row.text(1), deliveryID: row.text(2), name: row.text(3), receivedAt: row.int(4),
                    state: EventState(code: row.int(5)), dispatchedAt: row.optionalInt(6), actions: Int(row.int(7))))
            }
            return events
        }
    }

    public func actions(matching query: ActionQuery) async throws(StoreError) -> [OutboxAction] {
        try StoreLimits.check(limit: query.limit)
        let (sql, values) = BrowseSQL.actions(query, columns: Self.actionColumns, .sqlite)
        return try await read { db throws(StoreError) in
            var actions: [OutboxAction] = []
            try db.statement(sql).query(binding: values.map(Self.value)) { row throws(StoreError) in
                actions.append(try row.outboxAction())
            }
            return actions
        }
    }

    public func activity(since: EpochMillis) async throws(StoreError) -> StoreActivity {
        try await read { db throws(StoreError) in
            var activity = StoreActivity(since: since)
            try db.statement(BrowseSQL.recentEvents(.sqlite)).query(.int(since)) { row in
                activity.events[row.text(0)] = Int(row.int(1))
            }
            try db.statement(BrowseSQL.recentAttempts(.sqlite)).query(.int(since)) { row in
                if let outcome = DeliveryAttempt.Outcome(rawValue: row.text(1)) {
                    activity.attempts[row.text(0), default: [:]][outcome] = Int(row.int(2))
                }
            }
            return activity
        }
    }

    public func attempts(ofAction id: Int64) async throws(StoreError) -> [DeliveryAttempt] {
        try await read { db throws(StoreError) in
            var attempts: [DeliveryAttempt] = []
            try db.statement("SELECT action_id, number, at, outcome, answer FROM attempts WHERE action_id = ? ORDER BY id")
                .query(.int(id)) { row throws(StoreError) in
                    guard let outcome = DeliveryAttempt.Outcome(rawValue: row.text(3)) else {
                        throw StoreError(.database, "an attempt of action \(id) has unknown outcome \(row.text(3))")
                    }
                    attempts.append(DeliveryAttempt(
                        actionID: row.int(0), number: Int(row.int(1)), at: row.int(2), outcome: outcome, answer: row.optionalText(4)))
                }
            return attempts
        }
    }

    private static func value(_ value: BrowseSQL.Value) -> SQLiteValue {
        switch value {
        case .int(let number): .int(number)
        case .text(let text): .text(text)
        }
    }
}
