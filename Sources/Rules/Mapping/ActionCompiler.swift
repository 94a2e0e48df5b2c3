import JSON
import TOML

/// Compiles one `[[rule.actions]]` table against `ActionSchema`.
enum ActionCompiler {
    static func compile(
        _ table: TOMLTable, at position: TOMLPosition, hasDedupKey: Bool, tables: [String: JSON],
        snipeIT: Bool = true, reader: inout TOMLReader
    ) -> ActionTemplate? {
        let before = reader.diagnostics.count
        let known = ActionSchema.Name.allCases.map(\.rawValue)
        guard let doNode = table["do"] else {
            reader.report(position, DiagnosticMessage.missingKey("do", in: "[[rule.actions]]"))
            return nil
        }
        guard let raw = reader.string(doNode, key: "do")?.0 else { return nil }
        guard let name = ActionSchema.Name(rawValue: raw) else {
            reader.report(doNode.contentPosition, DiagnosticMessage.unknownAction(raw, known: known))
            return nil
        }
        let context = "a '\(raw)' action"
        let schema = ActionSchema.fields(name)
        reader.checkKeys(table, known: Array(schema.keys), context: context, at: position)
        for key in ActionSchema.required(name) where table[key] == nil {
            reader.report(position, DiagnosticMessage.missingKey(key, in: context))
        }
        if name.needsDedupKey, !hasDedupKey, table["bug_id"] == nil { reader.report(doNode.position, DiagnosticMessage.needsDedupKey(raw)) }
        if name.needsSnipeIT, !snipeIT { reader.report(doNode.contentPosition, DiagnosticMessage.needsSnipeIT(raw)) }
        if let (first, second) = name.exactlyOne, (table[first] == nil) == (table[second] == nil) {
            reader.report(reader.position(of: second, in: table, fallback: position), DiagnosticMessage.exactlyOne(first, second, in: context))
        }

        var when: CompiledExpression? = nil
        var fields: [String: ValueTemplate] = [:]
        for (key, node) in table where key != "do" {
            guard let field = schema[key] else { continue }
            switch field {
            case .expression:
                when = reader.expression(node, key: key, tables: tables)
            case .identifier:
                guard let value = reader.string(node, key: key)?.0 else { continue }
                if isIdentifier(value) {
                    fields[key] = .constant(.string(value))
                } else {
                    reader.report(node.contentPosition, DiagnosticMessage.badStepID(value))
                }
            case .text:
                switch node.value {
                case .integer, .float, .boolean: fields[key] = .constant(.string(Value.text(TOMLReader.json(node.value))))
                default: if let template = valueTemplate(node, key: key, tables: tables, reader: &reader, onlyText: true) { fields[key] = template }
                }
            case .list:
                switch node.value {
                case .string, .array:
                    if let template = valueTemplate(node, key: key, tables: tables, reader: &reader, onlyText: false) { fields[key] = template }
                default:
                    reader.report(node.position, DiagnosticMessage.wrongType(key, expected: "a string or an array of strings", found: node.value.typeName))
                }
            case .object:
                guard case .table = node.value else {
                    reader.report(node.position, DiagnosticMessage.wrongType(key, expected: "a table", found: node.value.typeName))
                    continue
                }
                if let template = valueTemplate(node, key: key, tables: tables, reader: &reader, onlyText: false) { fields[key] = template }
            case .bool:
                if let value = reader.bool(table, key) { fields[key] = .constant(.bool(value)) }
            case .integer:
                if let value = reader.integer(table, key) { fields[key] = .constant(.int(value)) }
            case .duration:
                if let ms = reader.duration(table, key) { fields[key] = .constant(.int(ms / 1000)) }
            case .choice(let allowed):
                guard let value = reader.string(node, key: key)?.0 else { continue }
                if allowed.contains(value) {
                    fields[key] = .constant(.string(value))
                } else {
                    reader.report(node.contentPosition, DiagnosticMessage.badChoice(key, value, allowed: allowed))
                }
            }
        }
        if name == .createBug { checkCoalescing(table, hasDedupKey: hasDedupKey, reader: &reader) }
        if name == .followUp {
            var bag = DiagnosticBag()
            if fields["url"] == nil,
                let url = Template.compile("{{ payload.response_url }}", origin: reader.location(position), diagnostics: &bag)
            {
                fields["url"] = .template(url)
            }
            if fields["failure"] == nil,
                let failure = Template.compile("Sorry, that failed: {{ error }}", origin: reader.location(position), diagnostics: &bag)
            {
                fields["failure"] = .template(failure)
            }
        }
        guard reader.diagnostics.count == before else { return nil }
        return ActionTemplate(name: name, location: reader.location(position), when: when, fields: fields)
    }

    /// `asset`, `bug_2`: what `steps.<id>` can name.
    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else { return false }
        return text.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }

    /// `coalesce` holds a key's repeats for one comment: it needs a dedup key
    /// and a policy that comments, and a window from 1 s to 1 h (longer
    /// would leave a bug silent for too long); `coalesce_label` needs it.
    private static func checkCoalescing(_ table: TOMLTable, hasDedupKey: Bool, reader: inout TOMLReader) {
        guard let node = table["coalesce"] else {
            if let label = table["coalesce_label"] { reader.report(label.position, DiagnosticMessage.labelWithoutCoalesce) }
            return
        }
        var probe = reader
        if let ms = probe.duration(table, "coalesce"), !(1_000...3_600_000).contains(ms) {
            reader.report(node.contentPosition, DiagnosticMessage.coalesceWindow)
        }
        if !hasDedupKey { reader.report(node.position, DiagnosticMessage.coalesceNeedsDedupKey) }
        if let policy = table["on_duplicate"], case .string(let raw) = policy.value, raw != "comment", raw != "reopen" {
            reader.report(node.position, DiagnosticMessage.coalesceNeedsComments(raw))
        }
    }

    /// Strings become templates, containers recurse, other scalars stay as they are.
    private static func valueTemplate(
        _ node: TOMLNode, key: String, tables: [String: JSON], reader: inout TOMLReader, onlyText: Bool
    ) -> ValueTemplate? {
        switch node.value {
        case .string:
            guard let template = reader.template(node, key: key, tables: tables) else { return nil }
            if template.isConstant, let (text, _) = reader.string(node, key: key) { return .constant(.string(text)) }
            return .template(template)
        case .array(let items) where !onlyText:
            var values: [ValueTemplate] = []
            for item in items {
                guard let value = valueTemplate(item, key: key, tables: tables, reader: &reader, onlyText: false) else { return nil }
                values.append(value)
            }
            return .array(values)
        case .table(let table) where !onlyText:
            var members: [(String, ValueTemplate)] = []
            for (name, item) in table {
                guard let value = valueTemplate(item, key: "\(key).\(name)", tables: tables, reader: &reader, onlyText: false) else { return nil }
                members.append((name, value))
            }
            return .object(members)
        case .integer, .float, .boolean, .offsetDateTime, .localDateTime, .localDate, .localTime:
            if onlyText { fallthrough }
            return .constant(TOMLReader.json(node.value))
        default:
            reader.report(node.position, DiagnosticMessage.wrongType(key, expected: "a string", found: node.value.typeName))
            return nil
        }
    }
}
