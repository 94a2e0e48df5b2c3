import CSQLite
import Foundation

/// One SQLite connection, owned by this object and closed in `deinit`.
///
/// Not thread-safe by design: each connection belongs to one owner (the writer
/// thread, or the reader behind a lock). Statements are prepared once and
/// cached by SQL text, so hot paths never re-parse.
final class SQLiteDatabase {
    let handle: OpaquePointer
    private var statements: [String: SQLiteStatement] = [:]
    /// The event payload log written in this connection's transactions (the
    /// writer connection only): the writer flushes it before each COMMIT.
    var payloadLog: PayloadLog?
    /// Known (by the writer connection) that no event waits for the
    /// dispatcher; `false` means unknown (see `SQLiteStore.insert`).
    var noEventIsPending = false

    /// Opens (creating if needed) the database at `path`.
    init(path: String, busyTimeoutMillis: Int32) throws(StoreError) {
        var db: OpaquePointer?
        // NOMUTEX: each connection has exactly one owner, so SQLite's own
        // per-connection mutex would be pure overhead.
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &db, flags, nil)
        guard let db else { throw StoreError(.io, "cannot open \(path): out of memory") }
        guard code == SQLITE_OK else {
            let message = String(cString: sqlite3_errmsg(db))
            sqlite3_close_v2(db)
            throw StoreError(.io, "cannot open \(path): \(message)")
        }
        self.handle = db
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, busyTimeoutMillis)
    }

    deinit {
        statements.removeAll()  // finalize every statement before closing
        sqlite3_close_v2(handle)
    }

    /// The cached prepared statement for `sql`, preparing it on first use.
    func statement(_ sql: String) throws(StoreError) -> SQLiteStatement {
        if let cached = statements[sql] { return cached }
        let statement = try SQLiteStatement(database: self, sql: sql)
        statements[sql] = statement
        return statement
    }

    /// Runs one or more statements without results (schema, pragmas, BEGIN/COMMIT).
    func execute(_ sql: String) throws(StoreError) {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        if code != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(message)
            throw StoreError.sqlite(code, text, context: sql)
        }
    }

    /// The first column of the first row of `sql`, as an integer (for pragmas).
    func integer(_ sql: String) throws(StoreError) -> Int64? {
        var result: Int64?
        try statement(sql).query { row in if result == nil { result = row.optionalInt(0) } }
        return result
    }

    /// The first column of the first row of `sql`, as text (for pragmas).
    func text(_ sql: String) throws(StoreError) -> String? {
        var result: String?
        try statement(sql).query { row in if result == nil { result = row.optionalText(0) } }
        return result
    }

    /// Whether a transaction is open on this connection.
    var inTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// The one place SQLite result codes become errors. `operation` is built
    /// only on failure (it is on the hot path).
    func check(_ code: Int32, _ operation: @autoclosure () -> String) throws(StoreError) {
        switch code & 0xff {
        case SQLITE_OK, SQLITE_ROW, SQLITE_DONE: return
        default: throw StoreError.sqlite(code, String(cString: sqlite3_errmsg(handle)), context: operation())
        }
    }
}
