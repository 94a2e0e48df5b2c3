extension SQLiteStore {
    /// How hard a commit tries to survive a power loss.
    public enum Durability: String, Sendable, CaseIterable {
        /// Nothing is acknowledged before it is fsync'd: a 2xx survives a crash
        /// of the process AND of the machine. A batch of appends costs one
        /// fdatasync, of the payload log (which holds the whole events); its
        /// SQLite commit is not synced, and after a power loss the events are
        /// re-inserted from the log at open. Batches with any outbox change
        /// commit with `synchronous = FULL`.
        case fsync
        /// Nothing is fsync'd on the way (SQLite `synchronous = NORMAL`, no
        /// fdatasync of the payload log): an acknowledged event survives a crash
        /// of the process (the OS holds the data), but a power loss or kernel
        /// panic may lose the last seconds of acknowledged events and outbox
        /// changes, and an event may come back with its payload unreadable (a
        /// precise `.database` error). The database stays consistent. Faster,
        /// and lighter on the disk.
        case os
    }

    /// Where the database lives and how it is tuned.
    public struct Configuration: Sendable, Equatable {
        /// The data directory; created (with parents) if missing.
        public var directory: String
        /// The database file's name inside `directory`.
        public var fileName: String
        public var durability: Durability
        /// How long a connection waits for another one (e.g. `deliveries` while
        /// `serve` runs) to release its write lock before failing with `.io`.
        public var busyTimeoutMillis: Int32
        /// The most jobs (appends and outbox updates) one group commit holds.
        public var maxBatch: Int
        /// Page size for a new database (ignored once created). Larger pages mean
        /// fewer overflow pages for ~20 KB payloads.
        public var pageSize: Int
        /// WAL pages after which a commit also checkpoints into the main file.
        public var walAutocheckpointPages: Int
        /// Size after which the payload log starts a new segment file; `prune`
        /// deletes whole segments no event references any more.
        public var segmentBytes: Int64
        /// Disk space new events may not use (see `DiskSpace`): an append is
        /// refused with `.noSpace` when its footprint would leave less than
        /// this free. 0 turns the check off.
        public var reserveBytes: Int64

        public init(directory: String, fileName: String = "sniffer-bridge.sqlite3", durability: Durability = .fsync,
                    busyTimeoutMillis: Int32 = 5_000, maxBatch: Int = 4_096, pageSize: Int = 4_096,
                    walAutocheckpointPages: Int = 1_000, segmentBytes: Int64 = 64 << 20,
                    reserveBytes: Int64 = Self.defaultReserveBytes) {
            self.directory = directory
            self.fileName = fileName
            self.durability = durability
            self.busyTimeoutMillis = busyTimeoutMillis
            self.maxBatch = maxBatch
            self.pageSize = pageSize
            self.walAutocheckpointPages = walAutocheckpointPages
            self.segmentBytes = segmentBytes
            self.reserveBytes = max(0, reserveBytes)
        }

        /// 32 MiB: hours of delivery outcomes at full speed.
        public static let defaultReserveBytes: Int64 = 32 << 20

        /// The payload log's folder.
        public var payloadDirectory: String {
            directory.hasSuffix("/") ? directory + "payloads" : directory + "/payloads"
        }

        /// The database file's full path.
        public var path: String {
            directory.hasSuffix("/") ? directory + fileName : directory + "/" + fileName
        }
    }
}
