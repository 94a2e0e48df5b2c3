import Foundation

/// A fresh temporary folder for one test; `remove()` deletes it.
public struct TemporaryFolder: Sendable {
    public let path: String

    public init(prefix: String = "sniffer-bridge-tests") throws {
        path = NSTemporaryDirectory() + prefix + "-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes `text` to `name` (folders created as needed) and returns its full path.
    @discardableResult
    public func write(_ name: String, _ text: String) throws -> String {
        let full = path + "/" + name
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: full, atomically: true, encoding: .utf8)
        return full
    }

    public func remove() { try? FileManager.default.removeItem(atPath: path) }
}
