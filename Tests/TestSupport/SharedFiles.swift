import Foundation

/// Locations of the project's checkout and of `../shared` beside it (fixtures,
/// conformance suites, seeds), found from this source file so tests run the
/// same from any working directory.
public enum SharedFiles {
    /// The package root: the folder holding `Package.swift`.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // TestSupport
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// `../shared` beside the checkout. Tests that need it fail (they do not
    /// skip) when it is missing: CI always has it.
    public static let root: URL = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")

    public struct Missing: Error, CustomStringConvertible {
        public let path: String
        public var description: String { "required shared file is missing: \(path)" }
    }

    /// The URL of `relativePath` under `../shared`, or an error naming it.
    public static func url(_ relativePath: String) throws -> URL {
        let url = root.appendingPathComponent(relativePath)
        guard FileManager.default.fileExists(atPath: url.path) else { throw Missing(path: url.path) }
        return url
    }

    /// The bytes of `relativePath` under `../shared`.
    public static func bytes(_ relativePath: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: try url(relativePath)))
    }

    /// A fixture under `../shared/fixtures`, e.g. `fixture("github/ping.repo.json")`.
    public static func fixture(_ name: String) throws -> [UInt8] {
        try bytes("fixtures/" + name)
    }
}
