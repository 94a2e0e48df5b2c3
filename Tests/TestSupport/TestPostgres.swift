import Foundation

/// The throwaway PostgreSQL cluster that `Tests/with-postgres.sh` starts
/// for `make test`, and a fresh schema in it per store: tests never share
/// tables, and the cluster (schemas and all) is deleted when the run ends.
public enum TestPostgres {
    public struct Missing: Error, CustomStringConvertible {
        public var description: String {
            "SNIFFER_BRIDGE_TEST_POSTGRES is not set: run the tests with `make test`, or under Tests/with-postgres.sh"
        }
    }

    /// The cluster's URL; throws (the test fails, never skips) without one.
    public static func url() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["SNIFFER_BRIDGE_TEST_POSTGRES"], !url.isEmpty else {
            throw Missing()
        }
        return url
    }

    /// A schema name no other test uses.
    public static func freshSchema() -> String {
        "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }
}
