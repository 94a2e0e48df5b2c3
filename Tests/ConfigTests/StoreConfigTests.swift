import Config
import Foundation
import TestSupport
import Testing

/// `[store]`: the backend, and each backend's own keys.
@Suite struct StoreConfigTests {
    static func errors(_ text: String, environment: [String: String] = [:]) throws -> [String] {
        try ConfigKeyTests.errors(text, environment: environment)
    }

    static func config(_ text: String, environment: [String: String] = [:]) throws -> BridgeConfig {
        try ConfigKeyTests.config(text, environment: environment)
    }

    @Test func sqliteIsTheDefault() throws {
        let config = try Self.config("")
        #expect(config.store.backend == .sqlite)
        #expect(config.store.url.isEmpty)
    }

    @Test func postgresTakesAURLItsSchemaAndALease() throws {
        let config = try Self.config("""
            [store]
            backend = "postgres"
            url = "${DATABASE_URL}"
            schema = "gateway_2"
            lease = "2m"
            """, environment: ["DATABASE_URL": "postgresql://gw:secret@db:5432/gw"])
        #expect(config.store.backend == .postgres)
        #expect(config.store.url == "postgresql://gw:secret@db:5432/gw")
        #expect(config.store.schema == "gateway_2")
        #expect(config.store.leaseMilliseconds == 120_000)
        let pairs = try Self.config("[store]\nbackend = \"postgres\"\nurl = \"host=db dbname=gw\"\n")
        #expect(pairs.store.url == "host=db dbname=gw")
        #expect(pairs.store.schema == "sniffer_bridge")
        #expect(pairs.store.leaseMilliseconds == 60_000)
    }

    @Test func theURLMayComeFromAFileRead() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try folder.write("db-url", "  postgresql://gw:secret@db/gw\n")
        let config = try Self.config("[store]\nbackend = \"postgres\"\nurl_file = \"\(file)\"\n")
        #expect(config.store.url == "postgresql://gw:secret@db/gw")
        #expect(config.store.urlFile == file)
        let empty = try folder.write("empty", "\n")
        #expect(try Self.errors("[store]\nbackend = \"postgres\"\nurl_file = \"\(empty)\"\n") == [
            "bridge.toml:4:13: url_file \(empty) holds no URL (it is empty)",
        ])
        #expect(try Self.errors("[store]\nbackend = \"postgres\"\nurl_file = \"/nonexistent/db-url\"\n") == [
            "bridge.toml:4:13: cannot read url_file /nonexistent/db-url: no such file",
        ])
    }

    @Test func mistakesAreReportedWhereTheyAre() throws {
        #expect(try Self.errors("[store]\nbackend = \"mysql\"\n").count == 1)
        #expect(try Self.errors("[store]\nbackend = \"postgres\"\n") == [
            "bridge.toml:3:1: [store] backend = \"postgres\" needs 'url' or 'url_file' (the database's connection URL)",
        ])
        #expect(try Self.errors("[store]\nbackend = \"postgres\"\nurl = \"a=b\"\nurl_file = \"/x\"\n") == [
            "bridge.toml:5:1: 'url' and 'url_file' are both set: give one of them",
        ])
        #expect(try Self.errors("[store]\nbackend = \"postgres\"\nurl = \"mysql://db\"\n") == [
            "bridge.toml:4:8: 'url' must be a postgresql:// (or postgres://) URL or libpq key=value pairs",
        ])
        #expect(try Self.errors("[store]\nbackend = \"postgres\"\nurl = \"a=b\"\nschema = \"drop table\"\n") == [
            "bridge.toml:5:11: 'schema' must be 1 to 63 letters, digits or '_', starting with a letter or '_', found \"drop table\"",
        ])
        // A key of the other backend would seem to set what is ignored.
        #expect(try Self.errors("[store]\nbackend = \"postgres\"\nurl = \"a=b\"\ndurability = \"os\"\n") == [
            "bridge.toml:5:1: 'durability' is a setting of backend = \"sqlite\"; this [store] is for the other backend",
        ])
        #expect(try Self.errors("[store]\nurl = \"postgresql://db/gw\"\n") == [
            "bridge.toml:3:1: 'url' is a setting of backend = \"postgres\"; this [store] is for the other backend",
        ])
    }
}
