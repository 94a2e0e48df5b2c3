import Config
import Store

/// The store a config names, ready to open: the one place that turns
/// `[store]` into an `EventStore`, for `serve` and `deliveries` alike.
package enum StoreSettings: Sendable, Equatable {
    case sqlite(SQLiteStore.Configuration)
    case postgres(PostgresStore.Configuration)

    package init(_ config: BridgeConfig) {
        switch config.store.backend {
        case .sqlite:
            self = .sqlite(SQLiteStore.Configuration(
                directory: config.dataDirectory, durability: config.store.durability == .os ? .os : .fsync,
                reserveBytes: Int64(config.store.reserveBytes)))
        case .postgres:
            self = .postgres(PostgresStore.Configuration(
                url: config.store.url, schema: config.store.schema, leaseMillis: config.store.leaseMilliseconds))
        }
    }

    /// The data directory, for the SQLite store; `nil` for PostgreSQL.
    package var directory: String? {
        if case .sqlite(let configuration) = self { return configuration.directory }
        return nil
    }

    /// Where the store is, for messages: the directory, or the PostgreSQL
    /// schema (never the URL, which may hold a password).
    package var place: String {
        switch self {
        case .sqlite(let configuration): return "the data directory \(configuration.directory)"
        case .postgres(let configuration): return "the PostgreSQL schema \(configuration.schema)"
        }
    }

    package func open() throws(StoreError) -> any EventStore {
        switch self {
        case .sqlite(let configuration): return try SQLiteStore(configuration: configuration)
        case .postgres(let configuration): return try PostgresStore(configuration: configuration)
        }
    }
}
