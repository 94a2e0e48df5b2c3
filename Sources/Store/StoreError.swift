import CSQLite

/// The one error type of the Store target: a code callers can switch on and a
/// message for humans. A struct, so new codes can be added without breaking callers.
public struct StoreError: Error, Equatable, CustomStringConvertible, Sendable {
    /// What went wrong, coarsely.
    public enum Code: String, Sendable {
        /// No event or action with that id.
        case notFound
        /// The record exists but its state does not allow the operation
        /// (e.g. completing an action that is not in flight).
        case wrongState
        /// A caller passed a value the store refuses (empty source, bad limit).
        case invalidArgument
        /// The storage could not be read or written (disk full, I/O error, locked).
        case io
        /// The data on disk is not what this version expects (corrupt, newer schema).
        case database
        /// The store was closed.
        case closed
        /// Too little disk space is left above the store's reserve for this
        /// write (see `DiskSpace`); nothing was written.
        case noSpace
    }

    public let code: Code
    public let message: String
    /// PostgreSQL's SQLSTATE for an error the server reported; `nil` otherwise.
    let sqlState: String?

    public init(_ code: Code, _ message: String) {
        self.init(code, message, sqlState: nil)
    }

    init(_ code: Code, _ message: String, sqlState: String?) {
        self.code = code
        self.message = message
        self.sqlState = sqlState
    }

    public var description: String { "store: \(code.rawValue): \(message)" }

    /// Maps an SQLite result code: disk and locking problems are `.io`, the rest `.database`.
    static func sqlite(_ code: Int32, _ message: String, context: String) -> StoreError {
        let primary = code & 0xff
        let io: Set<Int32> = [SQLITE_IOERR, SQLITE_FULL, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_CANTOPEN,
                              SQLITE_READONLY, SQLITE_PERM, SQLITE_NOMEM]
        let text = "\(message) (sqlite code \(code)) in \(context.prefix(120))"
        return StoreError(io.contains(primary) ? .io : .database, text)
    }
}

extension StoreError {
    static func noEvent(_ id: Int64) -> StoreError { StoreError(.notFound, "no event with id \(id)") }
    static func noAction(_ id: Int64) -> StoreError { StoreError(.notFound, "no action with id \(id)") }
    static func notInFlight(_ id: Int64, _ state: ActionState) -> StoreError {
        StoreError(.wrongState, "action \(id) is \(state.rawValue), not in flight")
    }

    /// An operator asked for something the action's state does not allow.
    static func notAllowed(_ id: Int64, _ state: ActionState, _ verb: String, allowed: [ActionState]) -> StoreError {
        let names = allowed.map(\.rawValue)
        let list = names.count > 1
            ? names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
            : names.joined()
        return StoreError(.wrongState, "action \(id) is \(state.rawValue); only \(list) actions can be \(verb)")
    }
}
