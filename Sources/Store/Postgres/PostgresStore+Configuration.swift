import Foundation

extension PostgresStore {
    /// Where the store lives and how it claims.
    public struct Configuration: Sendable, Equatable {
        /// A libpq connection string: a `postgresql://` URL or `key=value`
        /// pairs. It may hold a password: it is never logged or put in an error.
        public var url: String
        /// The schema every table lives in (created when missing).
        public var schema: String
        /// The most writes committed in one transaction.
        public var maxBatch: Int
        /// How long a claim holds an action (milliseconds of the `now` the
        /// callers pass). A replica that dies loses its claims when they
        /// expire; a delivery attempt must end well within it.
        public var leaseMillis: Int64
        /// This replica's name in `claimed_by`: its claims, which it may
        /// finish and `recoverInFlight` gives back at once. New for every
        /// store, so a restarted replica waits for its old leases to expire.
        public var replicaID: String

        public init(
            url: String, schema: String = "sniffer_bridge", maxBatch: Int = 256, leaseMillis: Int64 = 60_000,
            replicaID: String = "\(ProcessInfo.processInfo.hostName)-\(getpid())-\(UUID().uuidString.prefix(8))"
        ) {
            self.url = url
            self.schema = schema
            self.maxBatch = maxBatch
            self.leaseMillis = leaseMillis
            self.replicaID = replicaID
        }

        /// The `LISTEN`/`NOTIFY` channel of the schema: replicas of one schema only.
        var channel: String { PostgresSchema.quoted("sniffer_bridge." + schema) }

        /// What every connection runs first.
        var sessionSetup: [String] { ["SET search_path TO \(PostgresSchema.quoted(schema))"] }

        func validate() throws(StoreError) {
            if url.trimmingCharacters(in: .whitespaces).isEmpty {
                throw StoreError(.invalidArgument, "the PostgreSQL url is empty")
            }
            if schema.isEmpty || schema.count > 63 {
                throw StoreError(.invalidArgument, "the PostgreSQL schema name must have 1 to 63 characters, got \(schema.count)")
            }
            if leaseMillis <= 0 { throw StoreError(.invalidArgument, "the claim lease must be positive, got \(leaseMillis) ms") }
            if maxBatch <= 0 { throw StoreError(.invalidArgument, "the batch size must be positive, got \(maxBatch)") }
        }
    }
}
