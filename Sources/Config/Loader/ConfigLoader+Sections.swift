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

    static func store(_ table: TOMLTable, into store: inout BridgeConfig.Store, _ reader: inout TOMLReader) {
        reader.checkKeys(table, known: ConfigSchema.keys(of: "store"), context: "[store]", at: top)
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
