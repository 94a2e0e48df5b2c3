/// `sniffer-bridge store migrate`: a data directory's store moved into an
/// empty PostgreSQL schema, whole, ids kept. Events (so a redelivery of one
/// is still a duplicate), every action in its state (done ones stay done
/// and never run again; in-flight ones, interrupted when their gateway
/// stopped, become pending), and the key table (so no key files a second
/// bug). Run it with the gateway stopped.
public enum StoreMigration {
    public struct Report: Sendable, Equatable {
        public var events = 0
        public var actions = 0
        public var keys = 0

        public init(events: Int = 0, actions: Int = 0, keys: Int = 0) {
            self.events = events
            self.actions = actions
            self.keys = keys
        }
    }

    static let page = 500

    public static func copy(from source: SQLiteStore, to target: PostgresStore) async throws(StoreError) -> Report {
        try await target.requireEmpty()
        var report = Report()
        var after: Int64 = 0
        while true {
            let events = try await source.exportEvents(afterID: after, limit: page)
            guard let last = events.last else { break }
            try await target.importEvents(events)
            report.events += events.count
            after = last.id
        }
        after = 0
        while true {
            let actions = try await source.exportActions(afterID: after, limit: page)
            guard let last = actions.last else { break }
            try await target.importActions(actions)
            report.actions += actions.count
            after = last.action.id
        }
        var afterKey = ""
        while true {
            let keys = try await source.exportKeys(afterKey: afterKey, limit: page)
            guard let last = keys.last else { break }
            try await target.importKeys(keys)
            report.keys += keys.count
            afterKey = last.key
        }
        try await target.finishImport()
        return report
    }
}
