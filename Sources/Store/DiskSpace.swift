#if canImport(Glibc)
import Glibc
#endif

/// Free space on the file system a store writes to, and how much of it the
/// store keeps back.
///
/// The reserve is space webhooks may not use: it keeps room for what must
/// still be written when the disk is nearly full (delivery outcomes, key
/// records, checkpoints), so a full disk refuses new events but never leaves
/// an action stuck in flight.
public struct DiskSpace: Sendable, Equatable, CustomStringConvertible {
    /// Bytes an unprivileged process may still write (`statvfs`'s `f_bavail`).
    public var available: Int64
    /// Bytes kept back for outbox updates.
    public var reserve: Int64

    public init(available: Int64, reserve: Int64) {
        self.available = available
        self.reserve = reserve
    }

    /// What appending an event with a payload of `payloadBytes` may take on
    /// disk: its payload log record (uncompressed, in the worst case), the
    /// same again for its row, actions and index pages in the WAL, and room
    /// for its headers.
    public static func footprint(ofPayload payloadBytes: Int) -> Int64 {
        2 * Int64(max(0, payloadBytes)) + 64 * 1024
    }

    /// Whether an event with a payload of `payloadBytes` fits above the reserve.
    public func admits(payloadBytes: Int) -> Bool {
        available - reserve >= Self.footprint(ofPayload: payloadBytes)
    }

    public var description: String { "\(available) bytes free, \(reserve) kept in reserve" }

    /// The space left on the file system holding `path`, or `nil` if it cannot be read.
    static func available(at path: String) -> Int64? {
        var stats = statvfs()
        guard statvfs(path, &stats) == 0 else { return nil }
        return Int64(stats.f_bavail) * Int64(stats.f_frsize)
    }
}
