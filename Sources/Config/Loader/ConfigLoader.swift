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

    /// Loads `path` with everything `serve` needs: a config this accepts
    /// starts the gateway unless the environment refuses (the data directory,
    /// the port). `environment` resolves `${NAME}` (defaults to the process's).
    public static func load(
        path: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(LoadError) -> Loaded {
        try load(path: path, environment: environment, needsToken: true)
    }

    /// `needsToken: false` (`dry-run`, `test`: nothing is sent) leaves out
    /// the Sniffer token, and `token_file` is not read; all else is checked.
    static func load(path: String, environment: [String: String], needsToken: Bool) throws(LoadError) -> Loaded {
        var reader = TOMLReader(file: path, environment: environment)
        guard let text = readFile(path, into: &reader.diagnostics) else { throw LoadError(reader.diagnostics) }
        let parsed = parse(text, path: path, needsToken: needsToken, reader: &reader)
        var compiler = MappingCompiler(environment: environment, sources: SourceRegistry.names)
        compiler.snipeIT = parsed?.config.snipeIT != nil
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
        switch readFile(path) {
        case .success(let text): return text
        case .failure(let reason):
            bag.report(SourceLocation(file: path, line: 1, column: 1), ConfigMessage.cannotRead(path, reason.description))
            return nil
        }
    }

    /// Why a file could not be read.
    enum ReadFailure: Error, CustomStringConvertible {
        case missing, unreadable
        var description: String { self == .missing ? "no such file" : "unreadable" }
    }

    /// The file's text (UTF-8, invalid bytes replaced).
    static func readFile(_ path: String) -> Result<String, ReadFailure> {
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            return .success(String(decoding: data, as: UTF8.self))
        } catch {
            return .failure(FileManager.default.fileExists(atPath: path) ? .unreadable : .missing)
        }
    }

    /// Parses and validates the config text (no mapping files are read);
    /// reads `token_file` and builds the enabled sources' adapters.
    static func parse(
        _ text: String, path: String, needsToken: Bool, reader: inout TOMLReader
    ) -> (config: BridgeConfig, sources: [String: any WebhookSource])? {
        let document: TOMLTable
        do {
            document = try TOML.parse(text)
        } catch {
            reader.report(error.position, error.message)
            return nil
        }
        reader.checkKeys(document, known: ConfigSchema.topLevel, context: "the config file", at: top)
        var config = BridgeConfig(path: path, mappings: reader.strings(document, "mappings") ?? [])
        if document["mappings"] == nil { reader.report(top, DiagnosticMessage.missingKey("mappings", in: "the config file")) }

        if let table = section(document, "server", &reader) { server(table, into: &config.server, &reader) }
        if let table = section(document, "store", &reader) { store(table, into: &config.store, &reader) }
        let snifferNode = document["sniffer"]
        let snifferTable = section(document, "sniffer", &reader)
        if let table = snifferTable { sniffer(table, into: &config.sniffer, &reader) }
        // A `sniffer` that is not a table was reported already.
        if snifferNode == nil || snifferTable != nil {
            token(
                snifferTable ?? TOMLTable(), at: snifferNode?.position ?? top, required: needsToken, into: &config.sniffer,
                &reader)
        }
        if let table = section(document, "snipeit", &reader), let node = document["snipeit"] {
            config.snipeIT = snipeIT(table, at: node.position, needsToken: needsToken, &reader)
        }
        if let table = section(document, "retry", &reader) { retry(table, into: &config.retry, &reader) }
        if let table = section(document, "delivery", &reader) { delivery(table, into: &config.delivery, &reader) }
        breakers(document, into: &config.breakers, &reader)
        if let table = section(document, "tracing", &reader) {
            config.tracing = tracing(table, at: document["tracing"]?.position ?? top, &reader)
        }
        var adapters: [String: any WebhookSource] = [:]
        if let table = section(document, "sources", &reader) { sources(table, into: &config, adapters: &adapters, &reader) }
        return (config, adapters)
    }

    static func section(_ document: TOMLTable, _ key: String, _ reader: inout TOMLReader) -> TOMLTable? {
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
    /// The mappings of the config file at `configPath`, for `dry-run` and
    /// `test`: the whole config is checked as `ConfigLoader.load` checks it
    /// (its errors are in the thrown diagnostics), except the Sniffer token,
    /// which they never use (`token_file` is not read).
    public static func load(
        configPath: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(LoadError) -> MappingSet {
        try ConfigLoader.load(path: configPath, environment: environment, needsToken: false).mappings
    }
}
