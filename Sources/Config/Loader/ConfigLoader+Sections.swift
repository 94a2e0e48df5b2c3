import Foundation
import Rules
import TOML

/// `[server]`, `[store]`, `[retry]` and `[delivery]`: each value checked
/// as the gateway will use it, reported at its own position.
extension ConfigLoader {
    static let top = TOMLPosition(line: 1, column: 1)

    static func server(_ table: TOMLTable, into server: inout BridgeConfig.Server, _ reader: inout TOMLReader) {
        reader.checkKeys(table, known: ConfigSchema.keys(of: "server"), context: "[server]", at: top)
        if let node = table["listen"], let (text, _) = reader.string(node, key: "listen") {
            switch ListenAddress.parse(text) {
            case .success(let address): server.listen = address
            case .failure(.notHostPort): reader.report(node.contentPosition, ConfigMessage.notHostPort(text))
            case .failure(.badPort): reader.report(node.contentPosition, ConfigMessage.badPort(text))
            }
        }
        if let value = reader.duration(table, "shutdown_timeout") { server.shutdownTimeoutMilliseconds = value }
        if let value = integer(table, "max_body_bytes", atLeast: 1, &reader) { server.maxBodyBytes = value }
        if let value = positiveDuration(table, "head_timeout", &reader) { server.headTimeoutMilliseconds = value }
        if let value = positiveDuration(table, "body_timeout", &reader) { server.bodyTimeoutMilliseconds = value }
        if let value = integer(table, "max_receiving_connections", atLeast: 1, &reader) {
            server.maxReceivingConnections = value
        }
    }

    /// A duration key that must be longer than zero (a zero timeout would cut every request off).
    static func positiveDuration(_ table: TOMLTable, _ key: String, _ reader: inout TOMLReader) -> Int64? {
        guard let value = reader.duration(table, key) else { return nil }
        guard value > 0 else {
            if let node = table[key] { reader.report(node.contentPosition, ConfigMessage.zeroDuration(key)) }
            return nil
        }
        return value
    }

    /// `[store]`. For PostgreSQL, `url` or `url_file` (read here, trimmed);
    /// the keys of the other backend are errors, so that a config never
    /// seems to set what the gateway ignores.
    static func store(_ table: TOMLTable, into store: inout BridgeConfig.Store, _ reader: inout TOMLReader) {
        reader.checkKeys(table, known: ConfigSchema.keys(of: "store"), context: "[store]", at: top)
        if let node = table["backend"], let value = reader.string(node, key: "backend")?.0 {
            if let backend = BridgeConfig.StoreBackend(rawValue: value) {
                store.backend = backend
            } else {
                let allowed = BridgeConfig.StoreBackend.allCases.map(\.rawValue)
                reader.report(node.contentPosition, DiagnosticMessage.badChoice("backend", value, allowed: allowed))
            }
        }
        let own: (sqlite: [String], postgres: [String]) = (["path", "durability", "reserve_bytes"], ["url", "url_file", "schema", "lease"])
        let (foreign, backend) = store.backend == .sqlite ? (own.postgres, "postgres") : (own.sqlite, "sqlite")
        for key in foreign {
            if table[key] != nil {
                reader.report(reader.position(of: key, in: table, fallback: top), ConfigMessage.storeKeyOfOtherBackend(key, backend))
            }
        }
        if store.backend == .postgres { postgres(table, into: &store, &reader) }
        if let node = table["path"], let (value, _) = reader.string(node, key: "path") {
            if value.isEmpty { reader.report(node.contentPosition, ConfigMessage.emptyName("path")) } else { store.path = value }
        }
        if let node = table["durability"], let value = reader.string(node, key: "durability")?.0 {
            if let durability = BridgeConfig.Durability(rawValue: value) {
                store.durability = durability
            } else {
                let allowed = BridgeConfig.Durability.allCases.map(\.rawValue)
                reader.report(node.contentPosition, DiagnosticMessage.badChoice("durability", value, allowed: allowed))
            }
        }
        if let value = integer(table, "reserve_bytes", atLeast: 0, &reader) { store.reserveBytes = value }
    }

    private static func postgres(_ table: TOMLTable, into store: inout BridgeConfig.Store, _ reader: inout TOMLReader) {
        let url = valueOrFile(
            table, key: "url", fileKey: "url_file", noun: "URL", at: reader.position(of: "backend", in: table, fallback: top),
            read: true, missing: ConfigMessage.needsStoreURL, &reader)
        if let url {
            if isPostgresURL(url.value) {
                store.url = url.value
                store.urlFile = url.file
            } else {
                let key = url.file == nil ? "url" : "url_file"
                reader.report(table[key]?.contentPosition ?? top, ConfigMessage.badStoreURL())
            }
        }
        if let node = table["schema"], let (name, _) = reader.string(node, key: "schema") {
            if isSchemaName(name) { store.schema = name } else { reader.report(node.contentPosition, ConfigMessage.badSchemaName(name)) }
        }
        if let value = positiveDuration(table, "lease", &reader) { store.leaseMilliseconds = value }
    }

    /// A URL libpq takes: `postgresql://` or `postgres://`, or `key=value` pairs.
    static func isPostgresURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        if lower.hasPrefix("postgresql://") || lower.hasPrefix("postgres://") { return true }
        return !text.contains("://") && text.contains("=")
    }

    /// An unquoted PostgreSQL identifier of at most 63 bytes.
    static func isSchemaName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.utf8.count <= 63 else { return false }
        let letters = CharacterSet.letters.union(CharacterSet(charactersIn: "_"))
        return letters.contains(first) && name.unicodeScalars.allSatisfy { letters.contains($0) || CharacterSet.decimalDigits.contains($0) }
    }

    static func retry(_ table: TOMLTable, into retry: inout BridgeConfig.Retry, _ reader: inout TOMLReader) {
        reader.checkKeys(table, known: ConfigSchema.keys(of: "retry"), context: "[retry]", at: top)
        if let value = integer(table, "max_attempts", atLeast: 1, &reader) { retry.maxAttempts = value }
        if let value = reader.duration(table, "base_delay") { retry.baseDelayMilliseconds = value }
        if let value = reader.duration(table, "max_delay") { retry.maxDelayMilliseconds = value }
        if let value = reader.duration(table, "max_age") { retry.maxAgeMilliseconds = value }
    }

    static func delivery(_ table: TOMLTable, into delivery: inout BridgeConfig.Delivery, _ reader: inout TOMLReader) {
        reader.checkKeys(table, known: ConfigSchema.keys(of: "delivery"), context: "[delivery]", at: top)
        if let value = integer(table, "concurrency", atLeast: 1, &reader) { delivery.concurrency = value }
    }

    /// An integer key that must be at least `minimum`.
    static func integer(_ table: TOMLTable, _ key: String, atLeast minimum: Int64, _ reader: inout TOMLReader) -> Int? {
        guard let node = table[key], let value = reader.integer(table, key) else { return nil }
        guard value >= minimum else {
            reader.report(node.position, ConfigMessage.tooSmall(key, minimum: minimum, found: value))
            return nil
        }
        return Int(clamping: value)
    }
}
