import Foundation
@testable import Store

/// The test cluster that `Tests/with-postgres.sh` starts, and a fresh
/// schema in it per store.
enum TestPostgres {
    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "SNIFFER_BRIDGE_TEST_POSTGRES is not set: run the tests with `make test`, or under Tests/with-postgres.sh"
        }
    }

    static func url() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["SNIFFER_BRIDGE_TEST_POSTGRES"], !url.isEmpty else {
            throw Missing()
        }
        return url
    }

    /// A schema no other test uses; `drop()` removes it and all it holds.
    struct Schema {
        let url: String
        let name: String

        init() throws {
            url = try TestPostgres.url()
            name = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        }

        var configuration: PostgresStore.Configuration { PostgresStore.Configuration(url: url, schema: name) }

        func drop() throws {
            let connection = try PGConnection(conninfo: url, setup: [])
            try connection.execute("DROP SCHEMA IF EXISTS \(PostgresSchema.quoted(name)) CASCADE")
        }
    }
}
