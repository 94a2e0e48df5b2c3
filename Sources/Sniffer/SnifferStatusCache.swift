import Foundation

import Synchronization

/// Status name to id, per project. Names compare case-insensitively
/// ("in progress" finds "In Progress"). Filled and refreshed by
/// `SnifferClient.statusID(named:project:)` on a miss.
public final class SnifferStatusCache: Sendable {
    private let table = Mutex<[String: [String: String]]>([:])

    public init() {}

    public func id(named name: String, project: String) -> String? {
        table.withLock { $0[project]?[Self.fold(name)] }
    }

    /// Replaces everything known about `project`.
    public func replace(project: String, with statuses: [SnifferStatus]) {
        var names: [String: String] = [:]
        for status in statuses { names[Self.fold(status.name)] = status.id }
        table.withLock { $0[project] = names }
    }

    private static func fold(_ name: String) -> String {
        name.trimmingCharacters(in: .whitespaces).lowercased()
    }
}
