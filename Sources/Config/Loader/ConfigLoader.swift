import Foundation
import Rules
import TOML
import Webhooks

/// Loads the config file and every mapping file it names, reporting every
/// problem of all of them at once (`check`). Parse-then-swap: the result is
/// a complete snapshot or an error, never half of one.
public struct ConfigLoader {
    /// A loaded configuration: the config, its compiled mappings and the
    /// adapters of its enabled sources. Only the loader makes one.
    public struct Loaded: Sendable {
        /// The validated config file.
        public let config: BridgeConfig
        /// Every rule of every mapping file the config names.
        public let mappings: MappingSet
        /// The adapter of every enabled source, by name, built from its `[sources.<name>]` table.
        public let sources: [String: any WebhookSource]
    }

    /// Loads `path`; `environment` resolves `${NAME}` (defaults to the process's).
    public static func load(
        path: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(LoadError) -> Loaded {
        var reader = TOMLReader(file: path, environment: environment)
        guard let text = readFile(path, into: &reader.diagnostics) else { throw LoadError(reader.diagnostics) }
        let parsed = parse(text, path: path, reader: &reader)
        var compiler = MappingCompiler(environment: environment, sources: SourceRegistry.names)
        if let config = parsed?.config {
            // Keep paths as the user wrote them (relative stays relative) so
            // diagnostics print `deploy/mappings/x.toml`, not an absolute path.
            let folder = (path as NSString).deletingLastPathComponent
            let keyPosition = TOMLPosition(line: 1, column: 1)
            if config.mappings.isEmpty { reader.report(keyPosition, ConfigMessage.noMappings) }
            var seen = Set<String>()
            for pattern in config.mappings {
                let absolute = pattern.hasPrefix("/") ? pattern : (folder.isEmpty ? pattern : folder + "/" + pattern)
                let matches = FileGlob.expand(absolute)
                if matches.isEmpty { reader.report(keyPosition, ConfigMessage.noFilesMatch(pattern)) }
                for file in matches where seen.insert(file).inserted {
                    var bag = DiagnosticBag()
                    if let mapping = readFile(file, into: &bag) { compiler.add(file: file, text: mapping) }
                    reader.diagnostics.merge(bag)
                }
            }
        }
        var all = reader.diagnostics
        all.merge(compiler.bag)
        guard all.isEmpty, let parsed else { throw LoadError(all) }
        return Loaded(config: parsed.config, mappings: try compiler.finish(), sources: parsed.sources)
    }

    static func readFile(_ path: String, into bag: inout DiagnosticBag) -> String? {
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            return String(decoding: data, as: UTF8.self)
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "unreadable" : "no such file"
            bag.report(SourceLocation(file: path, line: 1, column: 1), ConfigMessage.cannotRead(path, reason))
            return nil
        }
    }

    /// Parses and validates the config text (no mapping files are read);
    /// builds the enabled sources' adapters.
    static func parse(
        _ text: String, path: String, reader: inout TOMLReader
    ) -> (config: BridgeConfig, sources: [String: any WebhookSource])? {
        let document: TOMLTable
        do {
            document = try TOML.parse(text)
        } catch {
            reader.report(error.position, error.message)
            return nil
        }
        let top = TOMLPosition(line: 1, column: 1)
        reader.checkKeys(document, known: ConfigSchema.topLevel, context: "the config file", at: top)
        var config = BridgeConfig(path: path, mappings: reader.strings(document, "mappings") ?? [])
        if document["mappings"] == nil { reader.report(top, DiagnosticMessage.missingKey("mappings", in: "the config file")) }

        if let table = section(document, "server", &reader) {
            reader.checkKeys(table, known: ConfigSchema.keys(of: "server"), context: "[server]", at: top)
            if let value = reader.string(table, "listen") { config.server.listen = value }
            if let value = reader.duration(table, "shutdown_timeout") { config.server.shutdownTimeoutMilliseconds = value }
            if let value = reader.integer(table, "max_body_bytes") { config.server.maxBodyBytes = Int(clamping: value) }
        }
        if let table = section(document, "store", &reader) {
            reader.checkKeys(table, known: ConfigSchema.keys(of: "store"), context: "[store]", at: top)
            if let value = reader.string(table, "path") { config.store.path = value }
            if let node = table["durability"], let value = reader.string(node, key: "durability")?.0 {
                if let durability = BridgeConfig.Durability(rawValue: value) {
                    config.store.durability = durability
                } else {
                    reader.report(node.contentPosition, DiagnosticMessage.badChoice("durability", value, allowed: ["fsync", "os"]))
                }
            }
        }
        if let table = section(document, "sniffer", &reader) {
            reader.checkKeys(table, known: ConfigSchema.keys(of: "sniffer"), context: "[sniffer]", at: top)
            if let value = reader.string(table, "base_url") { config.sniffer.baseURL = value }
            config.sniffer.token = reader.string(table, "token")
            config.sniffer.tokenFile = reader.string(table, "token_file")
            config.sniffer.project = reader.string(table, "project")
            config.sniffer.integrationKey = integrationKey(table, &reader)
        }
        if let table = section(document, "retry", &reader) {
            reader.checkKeys(table, known: ConfigSchema.keys(of: "retry"), context: "[retry]", at: top)
            if let value = reader.integer(table, "max_attempts") { config.retry.maxAttempts = Int(clamping: value) }
            if let value = reader.duration(table, "base_delay") { config.retry.baseDelayMilliseconds = value }
            if let value = reader.duration(table, "max_delay") { config.retry.maxDelayMilliseconds = value }
            if let value = reader.duration(table, "max_age") { config.retry.maxAgeMilliseconds = value }
        }
        if let table = section(document, "delivery", &reader) {
            reader.checkKeys(table, known: ConfigSchema.keys(of: "delivery"), context: "[delivery]", at: top)
            if let value = reader.integer(table, "concurrency") { config.delivery.concurrency = Int(clamping: max(1, value)) }
        }
        var adapters: [String: any WebhookSource] = [:]
        if let table = section(document, "sources", &reader) { sources(table, into: &config, adapters: &adapters, &reader) }
        return (config, adapters)
    }

    private static func section(_ document: TOMLTable, _ key: String, _ reader: inout TOMLReader) -> TOMLTable? {
        guard let node = document[key] else { return nil }
        guard case .table(let table) = node.value else {
            reader.report(node.position, DiagnosticMessage.wrongType(key, expected: "a table", found: node.value.typeName))
            return nil
        }
        return table
    }
}

extension ConfigLoader {
    /// `check`'s success line: `12 rules in 5 files OK`.
    public static func summary(_ loaded: Loaded) -> String {
        let rules = loaded.mappings.rules.count
        let files = loaded.mappings.files.count
        return "\(rules) rule\(rules == 1 ? "" : "s") in \(files) file\(files == 1 ? "" : "s") OK"
    }
}

extension MappingSet {
    /// The mappings of the config file at `configPath` (config errors included
    /// in the thrown diagnostics). The Bridge usually wants `ConfigLoader.load`,
    /// which returns the config as well.
    public static func load(
        configPath: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(LoadError) -> MappingSet {
        try ConfigLoader.load(path: configPath, environment: environment).mappings
    }
}
