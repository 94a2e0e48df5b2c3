import JSON

/// A mapping value whose strings are templates: a string, a list of them, or
/// a table of them (the `fields` of a bug). Rendered per event.
indirect enum ValueTemplate: Sendable {
    case constant(JSON)
    case template(Template)
    case array([ValueTemplate])
    case object([(String, ValueTemplate)])

    func render(_ interpreter: Interpreter) throws(EvaluationFailure) -> JSON {
        switch self {
        case .constant(let value):
            return value
        case .template(let template):
            return try template.render(interpreter)
        case .array(let items):
            var values: [JSON] = []
            values.reserveCapacity(items.count)
            for item in items { values.append(try item.render(interpreter)) }
            return .array(values)
        case .object(let members):
            var object = JSONObject()
            for (key, value) in members { object[key] = try value.render(interpreter) }
            return .object(object)
        }
    }

    /// Rendered as text (`null` gives `nil`, other values their text form).
    func renderText(_ interpreter: Interpreter) throws(EvaluationFailure) -> String? {
        if case .template(let template) = self, !template.isSingleExpression {
            return try template.renderText(interpreter)
        }
        let value = try render(interpreter)
        return value.isNull ? nil : Value.text(value)
    }

    /// Rendered as a list of strings: a list value element by element (nulls
    /// and empty strings dropped), a single string as a one-element list.
    func renderList(_ interpreter: Interpreter) throws(EvaluationFailure) -> [String] {
        switch try render(interpreter) {
        case .null: return []
        case .array(let items): return items.compactMap { $0.isNull ? nil : Value.text($0) }.filter { !$0.isEmpty }
        case let other:
            let text = Value.text(other)
            return text.isEmpty ? [] : [text]
        }
    }
}

extension ValueTemplate {
    /// Where the templates inside it read `steps`.
    var stepReferences: [StepReference] {
        switch self {
        case .constant: return []
        case .template(let template): return template.stepReferences
        case .array(let items): return items.flatMap(\.stepReferences)
        case .object(let members): return members.flatMap(\.1.stepReferences)
        }
    }
}

extension Template {
    /// True when the template is exactly one `{{ }}` (its value keeps its type).
    var isSingleExpression: Bool {
        if parts.count == 1, case .expression = parts[0] { return true }
        return false
    }
}
