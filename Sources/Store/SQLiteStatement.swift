import CSQLite

/// One prepared statement, owned by this object and finalized in `deinit`.
///
/// Statements are prepared once per connection (see `SQLiteDatabase.statement(_:)`)
/// and reused: `bind`, `step` until done, then `reset` happens in `run`/`query`.
/// Not thread-safe: it belongs to the connection's owner.
final class SQLiteStatement {
    private let handle: OpaquePointer
    /// The SQL text, for error messages.
    let sql: String
    private unowned let database: SQLiteDatabase

    init(database: SQLiteDatabase, sql: String) throws(StoreError) {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v3(database.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        try database.check(code, "prepare: " + sql)
        guard let statement else { throw StoreError(.database, "prepare returned no statement for: \(sql)") }
        self.handle = statement
        self.sql = sql
        self.database = database
    }

    deinit { sqlite3_finalize(handle) }

    // MARK: Binding (1-based indexes, as SQLite counts)

    func bind(_ value: Int64?, at index: Int32) throws(StoreError) {
        let code = value.map { sqlite3_bind_int64(handle, index, $0) } ?? sqlite3_bind_null(handle, index)
        try database.check(code, "bind: " + sql)
    }

    func bind(_ value: Int, at index: Int32) throws(StoreError) {
        try bind(Int64(value), at: index)
    }

    func bind(_ value: String?, at index: Int32) throws(StoreError) {
        guard let value else { return try database.check(sqlite3_bind_null(handle, index), "bind: " + sql) }
        let code = sqlite3_bind_text(handle, index, value, -1, CSQLite_transient())
        try database.check(code, "bind: " + sql)
    }

    func bind(_ value: [UInt8], at index: Int32) throws(StoreError) {
        // A zero-length blob must still be a blob, not NULL.
        let code = value.withUnsafeBytes { buffer in
            sqlite3_bind_blob64(handle, index, buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1),
                                sqlite3_uint64(buffer.count), CSQLite_transient())
        }
        try database.check(code, "bind: " + sql)
    }

    // MARK: Running

    /// Binds `values` in order (1-based), runs the statement to completion and
    /// resets it. Returns the number of rows changed.
    @discardableResult
    func run(_ values: SQLiteValue...) throws(StoreError) -> Int {
        try bindAll(values)
        defer { reset() }
        var code = sqlite3_step(handle)
        while code == SQLITE_ROW { code = sqlite3_step(handle) }
        guard code == SQLITE_DONE else { try database.check(code, "step: " + sql); return 0 }
        return Int(sqlite3_changes(database.handle))
    }

    /// Binds `values`, calls `row` for each result row, then resets.
    func query(_ values: SQLiteValue..., row: (SQLiteRow) throws(StoreError) -> Void) throws(StoreError) {
        try query(binding: values, row: row)
    }

    /// The same, with the values in an array (a statement built at run time).
    func query(binding values: [SQLiteValue], row: (SQLiteRow) throws(StoreError) -> Void) throws(StoreError) {
        try bindAll(values)
        defer { reset() }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { return try database.check(code, "step: " + sql) }
            try row(SQLiteRow(handle: handle))
        }
    }

    private func bindAll(_ values: [SQLiteValue]) throws(StoreError) {
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            switch value {
            case .null: try database.check(sqlite3_bind_null(handle, index), "bind: " + sql)
            case .int(let v): try bind(v, at: index)
            case .text(let v): try bind(v, at: index)
            case .blob(let v): try bind(v, at: index)
            }
        }
    }

    private func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }
}
