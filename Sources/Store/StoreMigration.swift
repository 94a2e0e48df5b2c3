/// `sniffer-bridge store migrate`: a data directory's store moved into an
/// empty PostgreSQL schema, whole, ids kept. Events (so a redelivery of one
/// is still a duplicate), every action in its state (done ones stay done
/// and never run again; in-flight ones, interrupted when their gateway
/// stopped, become pending), each delivery attempt's record, and the key
/// table (so no key files a second bug). Run it with the gateway stopped.
public enum StoreMigration {
    public struct Report: Sendable, Equatable {
        public var events = 0
        public var actions = 0
        public var keys = 0
        public var attempts = 0

        public init(events: Int = 0, actions: Int = 0, keys: Int = 0, attempts: Int = 0) {
            self.events = events
            self.actions = actions
            self.keys = keys
            self.attempts = attempts
        }
    }

    static let page = 500

    public static func copy(from source: SQLiteStore, to target: PostgresStore) async throws(StoreError) -> Report {
        try await target.requireEmpty()
        var report = Report()
        report.events = try await pages(
            after: 0, read: { after throws(StoreError) in try await source.exportEvents(afterID: after, limit: page) },
            write: { events throws(StoreError) in try await target.importEvents(events) }, cursor: \.id)
        report.actions = try await pages(
            after: 0, read: { after throws(StoreError) in try await source.exportActions(afterID: after, limit: page) },
            write: { actions throws(StoreError) in try await target.importActions(actions) }, cursor: \.action.id)
        report.attempts = try await pages(
            after: 0, read: { after throws(StoreError) in try await source.exportAttempts(afterID: after, limit: page) },
            write: { attempts throws(StoreError) in try await target.importAttempts(attempts) }, cursor: \.id)
        report.keys = try await pages(
            after: "", read: { after throws(StoreError) in try await source.exportKeys(afterKey: after, limit: page) },
            write: { keys throws(StoreError) in try await target.importKeys(keys) }, cursor: \.key)
        try await target.finishImport()
        return report
    }

    /// Reads page after page (each after the last one's `cursor`) and
    /// writes each; returns how many items there were.
    private static func pages<Item, Cursor>(
        after start: Cursor, read: (Cursor) async throws(StoreError) -> [Item],
        write: ([Item]) async throws(StoreError) -> Void, cursor: (Item) -> Cursor
    ) async throws(StoreError) -> Int {
        var after = start
        var count = 0
        while true {
            let items = try await read(after)
            guard let last = items.last else { return count }
            try await write(items)
            count += items.count
            after = cursor(last)
        }
    }
}
