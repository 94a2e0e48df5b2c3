import Foundation
import Rules
import TOML

extension ConfigLoader {
    /// The data directory of the config file at `path` (`[store].path`,
    /// relative to the file's folder), for `deliveries`: the file is parsed
    /// and its `[store]` checked exactly as `load` does, with the same
    /// messages, but nothing else is read, so the outbox can be inspected on
    /// a machine without the secrets the rest of the config takes from the
    /// environment.
    public static func dataDirectory(
        configPath path: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(LoadError) -> String {
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
        return config.dataDirectory
    }
}
