import JSON
import TOML

/// Compiles mapping files (TOML text) into `Rule`s, collecting every problem
/// of every file as `file:line:col: message` instead of stopping at the first.
public struct MappingCompiler {
    static let fileKeys = ["rule", "tables"]
    static let ruleKeys = [
        "name", "description", "source", "event", "when", "dedup_key", "integration_platform", "actions", "enabled",
    ]

    private let environment: [String: String]
    /// The sources a rule may name, in the order messages list them.
    private let sources: [String]
    private(set) var rules: [Rule] = []
    private(set) var files: [String] = []
    private(set) var diagnostics = DiagnosticBag()
    private var names: [String: SourceLocation] = [:]
    private let paths = PathInterner()
    /// Whether the config has a Snipe-IT target (`[snipeit]`): without one,
    /// a Snipe-IT action is an error. True for a compiler on its own.
    public var snipeIT = true

    /// `environment` resolves `${NAME}` references (inject it in tests);
    /// `sources` are the names a rule's `source` may take (the Config
    /// target's source registry gives the gateway's).
    public init(environment: [String: String], sources: [String]) {
        self.environment = environment
        self.sources = sources
    }

    /// Compiles one file's text; `file` is the name printed in diagnostics.
    public mutating func add(file: String, text: String) {
        files.append(file)
        var reader = TOMLReader(file: file, environment: environment, paths: paths)
        defer { diagnostics.merge(reader.diagnostics) }
        let document: TOMLTable
        do {
            document = try TOML.parse(text)
        } catch {
            reader.report(error.position, error.message)
            return
        }
        let top = TOMLPosition(line: 1, column: 1)
        reader.checkKeys(document, known: Self.fileKeys, context: "a mapping file", at: top)

        var tables: [String: JSON] = [:]
        if let node = document["tables"] {
            if case .table(let table) = node.value {
                for (name, value) in table {
                    guard case .table = value.value else {
                        reader.report(value.position, DiagnosticMessage.wrongType("tables.\(name)", expected: "a table", found: value.value.typeName))
                        continue
                    }
                    tables[name] = TOMLReader.json(value.value)
                }
            } else {
                reader.report(node.position, DiagnosticMessage.wrongType("tables", expected: "a table", found: node.value.typeName))
            }
        }
        guard let ruleNode = document["rule"] else { return }
        guard case .array(let entries) = ruleNode.value else {
            reader.report(ruleNode.position, DiagnosticMessage.wrongType("rule", expected: "an array of tables ([[rule]])", found: ruleNode.value.typeName))
            return
        }
        for entry in entries {
            guard case .table(let table) = entry.value else {
                reader.report(entry.position, DiagnosticMessage.wrongType("rule", expected: "a table", found: entry.value.typeName))
                continue
            }
            if let rule = compileRule(table, at: entry.position, tables: tables, reader: &reader) { rules.append(rule) }
        }
    }

    /// The compiled set, or every diagnostic.
    public func finish(limits: SnifferLimits = SnifferLimits()) throws(LoadError) -> MappingSet {
        guard diagnostics.isEmpty else { throw LoadError(diagnostics) }
        return MappingSet(rules: rules, files: files, limits: limits, pathCount: paths.count)
    }

    /// All diagnostics so far (for callers merging them with config errors).
    public var bag: DiagnosticBag { diagnostics }

    private mutating func compileRule(
        _ table: TOMLTable, at position: TOMLPosition, tables: [String: JSON], reader: inout TOMLReader
    ) -> Rule? {
        let context = "[[rule]]"
        let before = reader.diagnostics.count
        reader.checkKeys(table, known: Self.ruleKeys, context: context, at: position)
        let location = reader.location(position)

        let name = reader.string(table, "name")
        if table["name"] == nil { reader.report(position, DiagnosticMessage.missingKey("name", in: context)) }
        if let name {
            if name.isEmpty {
                reader.report(reader.position(of: "name", in: table, fallback: position), DiagnosticMessage.emptyName)
            } else if let first = names[name] {
                reader.report(reader.position(of: "name", in: table, fallback: position), DiagnosticMessage.duplicateRule(name, first: first))
            } else {
                names[name] = location
            }
        }
        _ = reader.string(table, "description")
        let source = reader.string(table, "source")
        if table["source"] == nil { reader.report(position, DiagnosticMessage.missingKey("source", in: context)) }
        if let source, !sources.contains(source), let node = table["source"] {
            reader.report(node.contentPosition, DiagnosticMessage.unknownSource(source, known: sources))
        }
        var events: [String] = []
        if let node = table["event"] {
            switch node.value {
            case .string: if let event = reader.string(node, key: "event")?.0, event != "*" { events = [event] }
            case .array: events = reader.strings(table, "event") ?? []
            default: reader.report(node.position, DiagnosticMessage.wrongType("event", expected: "a string or an array of strings", found: node.value.typeName))
            }
        }
        let when = table["when"].flatMap { reader.expression($0, key: "when", tables: tables) }
        let dedupKey = table["dedup_key"].flatMap { reader.template($0, key: "dedup_key", tables: tables) }
        // The rule's own `when` and key are evaluated as the event arrives, before any action ran.
        for reference in (when?.stepReferences ?? []) + (dedupKey?.stepReferences ?? []) {
            reader.diagnostics.report(reference.location, DiagnosticMessage.stepsOutsideActions)
        }
        for location in (when?.errorReferences ?? []) + (dedupKey?.errorReferences ?? []) {
            reader.diagnostics.report(location, DiagnosticMessage.errorOutsideFailure)
        }
        let integrationPlatform = reader.string(table, "integration_platform")
        let enabled = reader.bool(table, "enabled") ?? true

        var actions: [ActionTemplate] = []
        if let node = table["actions"] {
            if case .array(let entries) = node.value, !entries.isEmpty {
                for entry in entries {
                    guard case .table(let actionTable) = entry.value else {
                        reader.report(entry.position, DiagnosticMessage.wrongType("actions", expected: "an array of tables ([[rule.actions]])", found: entry.value.typeName))
                        continue
                    }
                    let hasKey = table["dedup_key"] != nil
                    if let action = ActionCompiler.compile(
                        actionTable, at: entry.position, hasDedupKey: hasKey, tables: tables, snipeIT: snipeIT, reader: &reader)
                    {
                        actions.append(action)
                    }
                }
                StepCheck.check(actions, reader: &reader)
            } else if case .array = node.value {
                reader.report(node.position, DiagnosticMessage.noActions)
            } else {
                reader.report(node.position, DiagnosticMessage.wrongType("actions", expected: "an array of tables ([[rule.actions]])", found: node.value.typeName))
            }
        } else {
            reader.report(position, DiagnosticMessage.noActions)
        }
        guard reader.diagnostics.count == before, enabled, let name, let source else { return nil }
        return Rule(
            name: name, location: location, source: source, events: events, when: when, dedupKey: dedupKey,
            integrationPlatform: integrationPlatform, actions: actions)
    }
}
