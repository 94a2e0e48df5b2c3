import JSON
import TOML

/// Helpers shared by the mapping compiler and the config loader (the Config
/// target): positions, key checks, `${ENV}` resolution and TOML-to-JSON, all
/// reporting into one `DiagnosticBag`.
package struct TOMLReader {
    package let file: String
    let environment: [String: String]
    package var diagnostics: DiagnosticBag
    /// Interns event paths of every expression compiled through this reader.
    let paths: PathInterner?

    package init(file: String, environment: [String: String], diagnostics: DiagnosticBag = DiagnosticBag()) {
        self.init(file: file, environment: environment, diagnostics: diagnostics, paths: nil)
    }

    init(file: String, environment: [String: String], diagnostics: DiagnosticBag = DiagnosticBag(), paths: PathInterner?) {
        self.file = file
        self.environment = environment
        self.diagnostics = diagnostics
        self.paths = paths
    }

    package func location(_ position: TOMLPosition) -> SourceLocation {
        SourceLocation(file: file, line: position.line, column: position.column)
    }

    package mutating func report(_ position: TOMLPosition, _ message: String) {
        diagnostics.report(location(position), message)
    }

    /// Where `key` of `table` was written (its key, else the value).
    package func position(of key: String, in table: TOMLTable, fallback: TOMLPosition) -> TOMLPosition {
        table.keyPosition(key) ?? table[key]?.position ?? fallback
    }

    /// Reports every key of `table` not in `known`.
    package mutating func checkKeys(_ table: TOMLTable, known: [String], context: String, at position: TOMLPosition) {
        for (key, _) in table where !known.contains(key) {
            report(self.position(of: key, in: table, fallback: position), DiagnosticMessage.unknownKey(key, in: context, known: known))
        }
    }

    /// A string value after `${ENV}` resolution, with its source for positions.
    package mutating func string(_ node: TOMLNode, key: String) -> (String, RelativeSource)? {
        guard case .string(let raw) = node.value else {
            report(node.position, DiagnosticMessage.wrongType(key, expected: "a string", found: node.value.typeName))
            return nil
        }
        let source = RelativeSource(text: raw, file: file, node: node)
        let (resolved, problems) = EnvironmentSubstitution.resolve(raw, environment)
        for (offset, message) in problems { diagnostics.report(source.location(at: offset), message) }
        guard problems.isEmpty else { return nil }
        // Positions stay exact unless a substitution changed the text.
        return (resolved, resolved == raw ? source : RelativeSource(text: resolved, origin: source.location(at: 0)))
    }

    /// A required or optional string key of `table`.
    package mutating func string(_ table: TOMLTable, _ key: String) -> String? {
        guard let node = table[key] else { return nil }
        return string(node, key: key)?.0
    }

    mutating func template(_ node: TOMLNode, key: String, tables: [String: JSON]) -> Template? {
        guard let (_, source) = string(node, key: key) else { return nil }
        return Template.compile(source, tables: tables, paths: paths, diagnostics: &diagnostics)
    }

    mutating func expression(_ node: TOMLNode, key: String, tables: [String: JSON]) -> CompiledExpression? {
        guard let (_, source) = string(node, key: key) else { return nil }
        return CompiledExpression.compile(source, tables: tables, paths: paths, diagnostics: &diagnostics)
    }

    package mutating func bool(_ table: TOMLTable, _ key: String) -> Bool? {
        guard let node = table[key] else { return nil }
        guard case .boolean(let value) = node.value else {
            report(node.position, DiagnosticMessage.wrongType(key, expected: "true or false", found: node.value.typeName))
            return nil
        }
        return value
    }

    package mutating func integer(_ table: TOMLTable, _ key: String) -> Int64? {
        guard let node = table[key] else { return nil }
        guard case .integer(let value) = node.value else {
            report(node.position, DiagnosticMessage.wrongType(key, expected: "an integer", found: node.value.typeName))
            return nil
        }
        return value
    }

    /// A duration (string with unit, or integer seconds) in milliseconds.
    package mutating func duration(_ table: TOMLTable, _ key: String) -> Int64? {
        guard let node = table[key] else { return nil }
        switch node.value {
        case .integer(let seconds) where seconds >= 0:
            let (milliseconds, overflow) = seconds.multipliedReportingOverflow(by: 1000)
            guard !overflow else {
                report(node.position, DiagnosticMessage.badDuration(String(seconds)))
                return nil
            }
            return milliseconds
        case .string:
            guard let (text, _) = string(node, key: key) else { return nil }
            guard let ms = DurationParser.milliseconds(text) else {
                report(node.contentPosition, DiagnosticMessage.badDuration(text))
                return nil
            }
            return ms
        default:
            report(node.position, DiagnosticMessage.wrongType(key, expected: "a duration", found: node.value.typeName))
            return nil
        }
    }

    /// An array of strings (each `${ENV}`-resolved).
    package mutating func strings(_ table: TOMLTable, _ key: String) -> [String]? {
        guard let node = table[key] else { return nil }
        guard case .array(let items) = node.value else {
            report(node.position, DiagnosticMessage.wrongType(key, expected: "an array of strings", found: node.value.typeName))
            return nil
        }
        return items.compactMap { string($0, key: key)?.0 }
    }

    /// Plain TOML data as JSON (for `[tables]`): date-times become their text.
    package static func json(_ value: TOMLValue) -> JSON {
        switch value {
        case .string(let s): return .string(s)
        case .integer(let i): return .int(i)
        case .float(let d): return .double(d)
        case .boolean(let b): return .bool(b)
        case .offsetDateTime(let t), .localDateTime(let t), .localDate(let t), .localTime(let t):
            return .string(t.description)
        case .array(let items): return .array(items.map { json($0.value) })
        case .table(let table):
            var object = JSONObject()
            for (key, node) in table { object[key] = json(node.value) }
            return .object(object)
        }
    }
}
