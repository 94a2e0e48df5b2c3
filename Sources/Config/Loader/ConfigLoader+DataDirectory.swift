import Foundation
import Rules
import TOML

extension ConfigLoader {
    /// The config file at `path` with only its `[store]` read, for
    /// `deliveries`: the file is parsed and its `[store]` checked exactly as
    /// `load` does (reading `url_file`), with the same messages, but nothing
    /// else is read, so the outbox can be inspected on a machine without the
    /// secrets the rest of the config takes from the environment.
    public static func storeOnly(
        configPath path: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(LoadError) -> BridgeConfig {
        var reader = TOMLReader(file: path, environment: environment)
        guard let text = readFile(path, into: &reader.diagnostics) else { throw LoadError(reader.diagnostics) }
        var config = BridgeConfig(path: path, mappings: [])
        do {
            let document = try TOML.parse(text)
            if let table = section(document, "store", &reader) { store(table, into: &config.store, &reader) }
        } catch {
            reader.report(error.position, error.message)
        }
        guard reader.diagnostics.isEmpty else { throw LoadError(reader.diagnostics) }
        return config
    }
}
