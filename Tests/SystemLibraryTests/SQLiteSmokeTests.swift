import CSQLite
import Foundation
import Testing

@Suite(.serialized) struct SQLiteSmokeTests {
    struct SQLiteError: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs `sql` and returns every row's columns as text.
    func query(_ db: OpaquePointer, _ sql: String, bind values: [String] = []) throws -> [[String?]] {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw SQLiteError(description: "prepare '\(sql)': \(String(cString: sqlite3_errmsg(db)))")
        }
        defer { sqlite3_finalize(statement) }
        for (index, value) in values.enumerated() {
            guard sqlite3_bind_text(statement, Int32(index + 1), value, -1, CSQLite_transient()) == SQLITE_OK else {
                throw SQLiteError(description: "bind: \(String(cString: sqlite3_errmsg(db)))")
            }
        }
        var rows: [[String?]] = []
        while true {
            let step = sqlite3_step(statement)
            if step == SQLITE_DONE { return rows }
            guard step == SQLITE_ROW else {
                throw SQLiteError(description: "step '\(sql)': \(String(cString: sqlite3_errmsg(db)))")
            }
            rows.append((0..<sqlite3_column_count(statement)).map { column in
                sqlite3_column_text(statement, column).map { String(cString: $0) }
            })
        }
    }

    @Test func opensAWALDatabaseAndReadsBackWhatItWrote() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sqlite-smoke-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("smoke.db").path

        var handle: OpaquePointer?
        let opened = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil)
        let db = try #require(handle)
        defer { sqlite3_close_v2(db) }
        try #require(opened == SQLITE_OK)
        #expect(String(cString: sqlite3_libversion()).hasPrefix("3."))

        #expect(try query(db, "PRAGMA journal_mode=WAL") == [["wal"]])
        _ = try query(db, "CREATE TABLE events (id INTEGER PRIMARY KEY, source TEXT NOT NULL, delivery TEXT NOT NULL UNIQUE)")
        _ = try query(db, "INSERT INTO events (source, delivery) VALUES (?, ?)", bind: ["github", "d-1"])
        _ = try query(db, "INSERT INTO events (source, delivery) VALUES (?, ?)", bind: ["jira", "d-2"])
        #expect(throws: SQLiteError.self) {
            try query(db, "INSERT INTO events (source, delivery) VALUES (?, ?)", bind: ["github", "d-1"])
        }
        #expect(try query(db, "SELECT id, source, delivery FROM events ORDER BY id") == [
            ["1", "github", "d-1"], ["2", "jira", "d-2"],
        ])
        #expect(try query(db, "PRAGMA journal_mode") == [["wal"]])
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
    }
}
