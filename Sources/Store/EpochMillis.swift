/// A point in time as milliseconds since 1970-01-01 UTC.
///
/// The store never reads a clock: callers pass `now`, so tests drive time by hand
/// and every implementation (SQLite, in-memory, PostgreSQL) agrees exactly.
public typealias EpochMillis = Int64
