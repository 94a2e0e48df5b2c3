/// What `store migrate` reads out of a data directory: everything, page by
/// page, in id order, with what the outbox rows carry beyond `OutboxAction`.
extension SQLiteStore {
    /// An outbox row as it is stored: the action, its place in its key's
    /// queue, and the action it was coalesced into.
    public struct ExportedAction: Sendable {
        public var action: OutboxAction
        public var position: Int64
        public var coalescedInto: Int64?
    }

    /// Events with ids above `afterID`, with their payloads.
    public func exportEvents(afterID: Int64, limit: Int) async throws(StoreError) -> [StoredEvent] {
        try StoreLimits.check(limit: limit)
        let directory = configuration.payloadDirectory
        return try await read { db throws(StoreError) in
            var events: [StoredEvent] = []
            try db.statement("SELECT \(Self.eventColumns) FROM events WHERE id > ? ORDER BY id LIMIT ?")
                .query(.int(afterID), .int(Int64(limit))) { row throws(StoreError) in
                    events.append(try row.storedEvent(payloadDirectory: directory))
                }
            return events
        }
    }

    /// Outbox rows with ids above `afterID`.
    public func exportActions(afterID: Int64, limit: Int) async throws(StoreError) -> [ExportedAction] {
        try StoreLimits.check(limit: limit)
        return try await read { db throws(StoreError) in
            var actions: [ExportedAction] = []
            try db.statement("SELECT \(Self.actionColumns), position, coalesced_into FROM actions WHERE id > ? ORDER BY id LIMIT ?")
                .query(.int(afterID), .int(Int64(limit))) { row throws(StoreError) in
                    actions.append(ExportedAction(action: try row.outboxAction(), position: row.int(15), coalescedInto: row.optionalInt(16)))
                }
            return actions
        }
    }

    /// Recorded delivery attempts with row ids above `afterID`, with their ids.
    public func exportAttempts(afterID: Int64, limit: Int) async throws(StoreError) -> [(id: Int64, attempt: DeliveryAttempt)] {
        try StoreLimits.check(limit: limit)
        return try await read { db throws(StoreError) in
            var attempts: [(id: Int64, attempt: DeliveryAttempt)] = []
            try db.statement("SELECT id, action_id, number, at, outcome, answer FROM attempts WHERE id > ? ORDER BY id LIMIT ?")
                .query(.int(afterID), .int(Int64(limit))) { row throws(StoreError) in
                    guard let outcome = DeliveryAttempt.Outcome(rawValue: row.text(4)) else {
                        throw StoreError(.database, "attempt \(row.int(0)) has unknown outcome \(row.text(4))")
                    }
                    attempts.append((row.int(0), DeliveryAttempt(
                        actionID: row.int(1), number: Int(row.int(2)), at: row.int(3), outcome: outcome, answer: row.optionalText(5))))
                }
            return attempts
        }
    }

    /// Key records with keys after `afterKey`, in key order.
    public func exportKeys(afterKey: String, limit: Int) async throws(StoreError) -> [(key: String, record: KeyRecord)] {
        try StoreLimits.check(limit: limit)
        return try await read { db throws(StoreError) in
            var records: [(key: String, record: KeyRecord)] = []
            try db.statement("SELECT dedup_key, \(KeyRecord.columns) FROM keys WHERE dedup_key > ? ORDER BY dedup_key LIMIT ?")
                .query(.text(afterKey), .int(Int64(limit))) { row in records.append((row.text(0), row.keyRecord(from: 1))) }
            return records
        }
    }
}
