import JSON

/// Renders the fields of an action that read `steps` (`Action.deferred`),
/// at delivery: with the stored event, as the mapping saw it when it
/// arrived, and the results of the rule's earlier actions. The rest of the
/// action was rendered at ingest and stays as it is.
///
/// The sources are compiled again from their text (they were checked when
/// the mapping was loaded). The same stored inputs render the same text, so
/// a retry after a crash sends what the first attempt sent.
public enum StepRendering {
    /// What rendering made of the action.
    public enum Rendered: Sendable, Equatable {
        /// Every field rendered: carry it out.
        case action(Action)
        /// Its `when` read false (or null): done without a call.
        case skipped(String)
    }

    /// Why a deferred field could not be rendered (a type error, a stored
    /// source this version cannot compile): the action cannot succeed.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The key of `Action.deferred` that holds the mapping file's tables
    /// (JSON text), for the sources that read `tables.<name>`.
    public static let tablesKey = "tables"

    /// Fields read as lists (the others are text).
    static let listFields: Set<String> = ["tags", "assignees"]

    /// `action` with its deferred fields rendered for `event` and `steps`
    /// (the earlier actions' results by id; an absent step reads as null).
    /// `error` is a follow-up's: why an earlier action was given up.
    public static func render(
        _ action: Action, event: RuleEvent, steps: JSON, error: String? = nil, limits: SnifferLimits = SnifferLimits()
    ) throws(Failure) -> Rendered {
        guard !action.deferred.isEmpty else { return .action(action) }
        let interpreter = Interpreter(event: event, steps: steps, error: error.map(JSON.string) ?? .null)
        let origin = SourceLocation(file: "<rule \(action.rule)>", line: 1, column: 1)
        var tables: [String: JSON] = [:]
        if let text = action.deferred[tablesKey] {
            guard case .object(let object)? = try? JSON(parsing: Array(text.utf8)) else {
                throw Failure(description: "the stored tables are not a JSON object")
            }
            for (name, value) in object { tables[name] = value }
        }
        if let source = action.deferred["when"] {
            var bag = DiagnosticBag()
            guard let when = CompiledExpression.compile(source, origin: origin, tables: tables, diagnostics: &bag) else {
                throw Failure(description: "when: \(bag.diagnostics.map(\.message).joined(separator: "; "))")
            }
            let value: JSON
            do { value = try when.evaluateLocated(interpreter) } catch { throw Failure(description: "when: \(error.message)") }
            guard value == .bool(true) else { return .skipped("when \(source) is \(Value.text(value).isEmpty ? "null" : Value.text(value))") }
        }
        guard case .object(var object) = action.json else { throw Failure(description: "an action is an object") }
        object["deferred"] = nil
        for (key, source) in action.deferred.sorted(by: { $0.key < $1.key }) where key != "when" && key != tablesKey {
            var bag = DiagnosticBag()
            guard let template = Template.compile(source, origin: origin, tables: tables, diagnostics: &bag) else {
                throw Failure(description: "\(key): \(bag.diagnostics.map(\.message).joined(separator: "; "))")
            }
            do {
                if listFields.contains(key) {
                    let items = try ValueTemplate.template(template).renderList(interpreter)
                    let count = key == "tags" ? limits.tags : limits.assignees
                    object[key] = .array(items.prefix(count).map { .string(Builtins.truncate($0, to: limits.shortText)) })
                } else {
                    let text = try ValueTemplate.template(template).renderText(interpreter) ?? ""
                    object[key] = .string(Builtins.truncate(text, to: ActionTemplate.limit(of: key, limits)))
                }
            } catch {
                throw Failure(description: "\(key): \(error.message)")
            }
        }
        do { return .action(try Action(json: .object(object))) } catch {
            throw Failure(description: "rendered action: \(error)")
        }
    }
}
