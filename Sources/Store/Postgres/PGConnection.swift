import CPostgres
import Foundation

/// A value bound to a `$n` parameter: integers and text are sent as text,
/// bytes in binary (no escaping, no hex doubling).
enum PGValue: Sendable {
    case int(Int64)
    case text(String)
    case bytes([UInt8])
    case null

    static func optional(_ value: Int64?) -> PGValue { value.map(PGValue.int) ?? .null }
    static func optional(_ value: String?) -> PGValue { value.map(PGValue.text) ?? .null }

    /// A `bigint[]` literal (or `integer[]`, `smallint[]`); `nil` is NULL.
    static func intArray(_ values: [Int64?]) -> PGValue {
        .text("{" + values.map { $0.map(String.init) ?? "NULL" }.joined(separator: ",") + "}")
    }

    /// A `boolean[]` literal.
    static func boolArray(_ values: [Bool]) -> PGValue {
        .text("{" + values.map { $0 ? "t" : "f" }.joined(separator: ",") + "}")
    }

    /// A `bytea[]`, sent in PostgreSQL's binary array format (the server
    /// copies the bytes: no hex to write here nor to parse there). The
    /// statement casts the parameter (`$1::bytea[]`), which gives its type.
    static func byteaArray(_ values: [[UInt8]]) -> PGValue {
        var data: [UInt8] = []
        data.reserveCapacity(20 + values.reduce(0) { $0 + $1.count + 4 })
        func int32(_ value: Int) {
            let v = UInt32(truncatingIfNeeded: value)
            data += [UInt8(v >> 24), UInt8(v >> 16 & 0xff), UInt8(v >> 8 & 0xff), UInt8(v & 0xff)]
        }
        int32(1)  // dimensions
        int32(0)  // no NULL elements
        int32(17)  // element type: bytea
        int32(values.count)
        int32(1)  // lower bound
        for bytes in values {
            int32(bytes.count)
            data += bytes
        }
        return .bytes(data)
    }

    /// A `text[]` literal, for `= ANY($1::text[])` and `unnest`.
    static func textArray(_ values: [String]) -> PGValue {
        let quoted = values.map { value in
            "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        return .text("{" + quoted.joined(separator: ",") + "}")
    }
}

/// One row of a text-format result.
struct PGRow {
    fileprivate let result: OpaquePointer
    fileprivate let index: Int32

    func isNull(_ column: Int32) -> Bool { PQgetisnull(result, index, column) == 1 }

    func text(_ column: Int32) -> String {
        guard let value = PQgetvalue(result, index, column) else { return "" }
        return String(cString: value)
    }

    func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }

    func int(_ column: Int32) -> Int64 { Int64(text(column)) ?? 0 }

    func optionalInt(_ column: Int32) -> Int64? { isNull(column) ? nil : Int64(text(column)) }

    /// Decodes `KeyRecord.columns`, selected from column `first` on.
    func keyRecord(from first: Int32) -> KeyRecord {
        KeyRecord.stored(
            bugID: optionalText(first), lastCommentHash: optionalText(first + 1), resolvedAt: optionalInt(first + 2),
            updatedAt: int(first + 3), createdByAction: optionalInt(first + 4), windowOpener: optionalInt(first + 5),
            windowEndsAt: optionalInt(first + 6))
    }

    /// A `bytea` column, which the text format sends as `\x` and hex digits.
    func bytes(_ column: Int32) -> [UInt8] {
        guard !isNull(column), let value = PQgetvalue(result, index, column) else { return [] }
        let length = Int(PQgetlength(result, index, column))
        guard length >= 2 else { return [] }
        return value.withMemoryRebound(to: UInt8.self, capacity: length) { hex in
            var bytes: [UInt8] = []
            bytes.reserveCapacity((length - 2) / 2)
            var i = 2
            while i + 1 < length {
                bytes.append(Self.nibble(hex[i]) << 4 | Self.nibble(hex[i + 1]))
                i += 2
            }
            return bytes
        }
    }

    private static func nibble(_ c: UInt8) -> UInt8 {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return 0
        }
    }
}

/// One libpq connection, used by one thread at a time (its `PostgresWorker`).
///
/// Every statement with parameters is prepared once per connection (the
/// server parses and plans it once, not at every batch) and run with
/// `PQexecPrepared`: values are never spliced into SQL text. Results are
/// read back in text format. A failure becomes a `StoreError`
/// carrying PostgreSQL's SQLSTATE and message; the connection string, which
/// may hold a password, never appears in one.
final class PGConnection {
    private var connection: OpaquePointer?
    /// The statements prepared on this connection: SQL text -> name.
    private var prepared: [String: String] = [:]
    private let conninfo: String
    /// Statements run on every (re)connection: the schema's search path.
    private let setup: [String]

    init(conninfo: String, setup: [String]) throws(StoreError) {
        self.conninfo = conninfo
        self.setup = setup
        try connect()
    }

    deinit { PQfinish(connection) }

    var isHealthy: Bool { connection != nil && PQstatus(connection) == CONNECTION_OK }

    /// Opens the connection again after a failure (a no-op while it is healthy).
    func reconnectIfNeeded() throws(StoreError) {
        if isHealthy { return }
        try connect()
    }

    /// Defaults a URL's own parameters override (they come first, and the
    /// URL in `dbname` is expanded after them): a bounded connect, and
    /// keepalives that notice a vanished server within about half a minute.
    private static let defaults: [(String, String)] = [
        ("connect_timeout", "5"), ("keepalives_idle", "10"), ("keepalives_interval", "5"), ("keepalives_count", "3"),
        ("application_name", "sniffer-bridge"),
    ]

    private func connect() throws(StoreError) {
        PQfinish(connection)
        prepared.removeAll()
        let pairs = Self.defaults + [("dbname", conninfo)]
        connection = Self.withCStrings(pairs.map(\.0)) { keywords in
            Self.withCStrings(pairs.map(\.1)) { values in PQconnectdbParams(keywords, values, 1) }
        }
        guard let connection, PQstatus(connection) == CONNECTION_OK else {
            let message = connection.flatMap { PQerrorMessage($0) }.map { String(cString: $0) } ?? "out of memory"
            PQfinish(connection)
            self.connection = nil
            throw StoreError(.io, "PostgreSQL is unreachable: \(Self.trimmed(message))")
        }
        // Notices ("schema already exists, skipping") are not for the operator.
        try execute("SET client_min_messages TO warning")
        // A prepared statement is planned for its values each time: a generic
        // plan cannot see how long an array or a key's queue is.
        try execute("SET plan_cache_mode TO force_custom_plan")
        for statement in setup { try execute(statement) }
    }

    /// Runs `sql` (one or more statements, no parameters).
    func execute(_ sql: String) throws(StoreError) {
        guard let connection else { throw StoreError(.io, "PostgreSQL is unreachable: no connection") }
        let result = PQexec(connection, sql)
        defer { PQclear(result) }
        try check(result, sql)
    }

    /// Runs one statement with parameters; `row` sees each result row.
    @discardableResult
    func query(
        _ sql: String, _ values: [PGValue] = [], row: ((PGRow) throws(StoreError) -> Void)? = nil
    ) throws(StoreError) -> Int {
        guard let connection else { throw StoreError(.io, "PostgreSQL is unreachable: no connection") }
        let count = Int32(values.count)
        let name = try statement(sql, parameters: count, connection)
        let result: OpaquePointer? = Self.withParameters(values) { pointers, lengths, formats in
            PQexecPrepared(connection, name, count, pointers, lengths, formats, 0)
        }
        defer { PQclear(result) }
        try check(result, sql)
        guard let result else { return 0 }
        if let row {
            for index in 0..<PQntuples(result) { try row(PGRow(result: result, index: index)) }
        }
        if PQresultStatus(result) == PGRES_TUPLES_OK { return Int(PQntuples(result)) }
        return Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    /// The name `sql` is prepared under on this connection, preparing it the first time.
    private func statement(_ sql: String, parameters: Int32, _ connection: OpaquePointer) throws(StoreError) -> String {
        if let name = prepared[sql] { return name }
        let name = "sniffer_bridge_\(prepared.count)"
        let result = PQprepare(connection, name, sql, parameters, nil)
        defer { PQclear(result) }
        try check(result, sql)
        prepared[sql] = name
        return name
    }

    /// The connection's socket, to wait on for notifications; -1 without one.
    var socket: Int32 { connection.map { PQsocket($0) } ?? -1 }

    /// Reads what the server sent and counts the notifications in it
    /// (`LISTEN`); throws when the connection is gone.
    func takeNotifications() throws(StoreError) -> Int {
        guard let connection, PQconsumeInput(connection) == 1 else {
            let message = connection.map { String(cString: PQerrorMessage($0)) } ?? "no connection"
            throw StoreError(.io, "PostgreSQL is unavailable: \(Self.trimmed(message))")
        }
        var count = 0
        while let notification = PQnotifies(connection) {
            PQfreemem(notification)
            count += 1
        }
        return count
    }

    /// The first column of the first row, as an integer.
    func integer(_ sql: String, _ values: [PGValue] = []) throws(StoreError) -> Int64? {
        var value: Int64?
        try query(sql, values) { row in if value == nil { value = row.optionalInt(0) } }
        return value
    }

    /// A NULL-terminated array of C strings, for libpq's parallel arrays.
    private static func withCStrings<R>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
        let copies = strings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        return body(copies.map { $0.map { UnsafePointer($0) } } + [nil])
    }

    /// libpq's parallel parameter arrays, each value copied once into memory
    /// that lives until `body` returns: integers and text as C strings,
    /// bytes as they are (binary format, with their length).
    private static func withParameters<R>(
        _ values: [PGValue], _ body: ([UnsafePointer<CChar>?], [Int32], [Int32]) -> R
    ) -> R {
        var pointers: [UnsafePointer<CChar>?] = []
        var lengths: [Int32] = []
        var formats: [Int32] = []
        var pinned: [UnsafeMutableRawPointer] = []
        defer { pinned.forEach { $0.deallocate() } }
        func pin(_ bytes: some Collection<UInt8>, terminated: Bool) {
            let size = bytes.count + (terminated ? 1 : 0)
            let memory = UnsafeMutableRawPointer.allocate(byteCount: max(size, 1), alignment: 1)
            UnsafeMutableRawBufferPointer(start: memory, count: bytes.count).copyBytes(from: bytes)
            if terminated { memory.storeBytes(of: 0, toByteOffset: bytes.count, as: UInt8.self) }
            pinned.append(memory)
            pointers.append(UnsafePointer(memory.bindMemory(to: CChar.self, capacity: max(size, 1))))
        }
        for value in values {
            switch value {
            case .int(let n): pin(String(n).utf8, terminated: true); lengths.append(0); formats.append(0)
            case .text(let s): pin(s.utf8, terminated: true); lengths.append(0); formats.append(0)
            case .bytes(let b): pin(b, terminated: false); lengths.append(Int32(b.count)); formats.append(1)
            case .null: pointers.append(nil); lengths.append(0); formats.append(0)
            }
        }
        return body(pointers, lengths, formats)
    }

    private func check(_ result: OpaquePointer?, _ sql: String) throws(StoreError) {
        let status = result.map { PQresultStatus($0) } ?? PGRES_FATAL_ERROR
        if status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK { return }
        let state = result.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "C"))) }.map { String(cString: $0) } ?? ""
        var message = result.flatMap { PQresultErrorMessage($0) }.map { String(cString: $0) } ?? ""
        if message.isEmpty, let connection { message = String(cString: PQerrorMessage(connection)) }
        throw StoreError.postgres(state: state, message: Self.trimmed(message), context: sql, healthy: isHealthy)
    }

    private static func trimmed(_ message: String) -> String {
        message.split(whereSeparator: \.isNewline).first.map(String.init) ?? message
    }
}

extension StoreError {
    /// SQLSTATE 40P01 (deadlock_detected) and 40001 (serialization_failure): try again.
    static let transientStates: Set<String> = ["40P01", "40001"]

    /// Whether the server aborted the statement for a deadlock or a serialization failure.
    var isTransient: Bool { sqlState.map(Self.transientStates.contains) ?? false }

    /// A PostgreSQL error: the connection or the server's resources are `.io`
    /// (SQLSTATE classes 08, 53, 57, 58, or a dead connection); the rest `.database`.
    static func postgres(state: String, message: String, context: String, healthy: Bool) -> StoreError {
        let unavailable = !healthy || ["08", "53", "57", "58"].contains(String(state.prefix(2)))
        let text = "\(message) (SQLSTATE \(state.isEmpty ? "none" : state)) in \(context.prefix(120))"
        return StoreError(
            unavailable ? .io : .database, unavailable ? "PostgreSQL is unavailable: \(text)" : text,
            sqlState: state.isEmpty ? nil : state)
    }
}
