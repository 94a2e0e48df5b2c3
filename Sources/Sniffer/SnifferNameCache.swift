import Foundation

import Synchronization

/// Names to ids, per project: what the client knows of a project's statuses,
/// or of its tags. Names compare case-insensitively and without surrounding
/// spaces ("in progress" finds "In Progress"). Filled and refreshed by the
/// client on a miss, from every page of the list.
public final class SnifferNameCache: Sendable {
    private let table = Mutex<[String: [String: String]]>([:])

    public init() {}

    public func id(named name: String, project: String) -> String? {
        table.withLock { $0[project]?[Self.fold(name)] }
    }

    /// Replaces everything known about `project`.
    public func replace(project: String, with entries: [(name: String, id: String)]) {
        var names: [String: String] = [:]
        for entry in entries where names[Self.fold(entry.name)] == nil { names[Self.fold(entry.name)] = entry.id }
        table.withLock { $0[project] = names }
    }

    /// Adds one entry (a tag just created) to what is known of `project`.
    public func add(name: String, id: String, project: String) {
        table.withLock { $0[project, default: [:]][Self.fold(name)] = id }
    }

    static func fold(_ name: String) -> String {
        name.trimmingCharacters(in: .whitespaces).lowercased()
    }
}
