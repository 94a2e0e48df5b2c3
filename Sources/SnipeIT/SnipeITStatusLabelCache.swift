import Foundation
import Synchronization

/// Status labels by name, as the client last read them. Names compare
/// case-insensitively and without surrounding spaces ("out for repair"
/// finds "Out for Repair"). Filled, and refreshed on a miss, by the client.
public final class SnipeITStatusLabelCache: Sendable {
    private let labels = Mutex<[String: SnipeITStatusLabel]?>(nil)

    public init() {}

    /// The label called `name`, if the cache knows it.
    public func label(named name: String) -> SnipeITStatusLabel? {
        labels.withLock { $0?[Self.fold(name)] }
    }

    /// Whether the cache has been filled at least once.
    public var isFilled: Bool { labels.withLock { $0 != nil } }

    /// Replaces everything known with `all` (the first of two equal names wins).
    public func replace(with all: [SnipeITStatusLabel]) {
        var byName: [String: SnipeITStatusLabel] = [:]
        for label in all where byName[Self.fold(label.name)] == nil { byName[Self.fold(label.name)] = label }
        labels.withLock { $0 = byName }
    }

    /// Forgets everything (the next look-up reads the labels again).
    public func clear() {
        labels.withLock { $0 = nil }
    }

    static func fold(_ name: String) -> String {
        name.trimmingCharacters(in: .whitespaces).lowercased()
    }
}
