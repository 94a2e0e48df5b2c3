import JSON

/// One compiled `[[rule.actions]]` entry: its kind, optional `when`, and its
/// fields as templates. `render` builds the `Action` for one event, cutting
/// long values to `SnifferLimits`.
struct ActionTemplate: Sendable {
    let name: ActionSchema.Name
    let location: SourceLocation
    let when: CompiledExpression?
    let fields: [String: ValueTemplate]

    func render(rule: String, dedupKey: String?, _ interpreter: Interpreter, limits: SnifferLimits)
        throws(EvaluationFailure) -> Action
    {
        func text(_ key: String, _ limit: Int) throws(EvaluationFailure) -> String? {
            guard let template = fields[key], let value = try template.renderText(interpreter) else { return nil }
            return Builtins.truncate(value, to: limit)
        }
        func list(_ key: String, _ count: Int) throws(EvaluationFailure) -> [String]? {
            guard let template = fields[key] else { return nil }
            return try template.renderList(interpreter).prefix(count).map { Builtins.truncate($0, to: limits.shortText) }
        }
        func bool(_ key: String, _ fallback: Bool) -> Bool {
            if case .constant(.bool(let value)) = fields[key] { return value }
            return fallback
        }
        func integer(_ key: String, _ fallback: Int64) -> Int64 {
            if case .constant(.int(let value)) = fields[key] { return value }
            return fallback
        }
        func bugFields() throws(EvaluationFailure) -> Action.BugFields {
            var extra = JSONObject()
            if let template = fields["fields"], case .object(let object) = try template.render(interpreter) {
                extra = object
            }
            return Action.BugFields(
                summary: try text("summary", limits.summary), description: try text("description", limits.description),
                severity: try text("severity", limits.shortText), type: try text("type", limits.shortText),
                platform: try text("platform", limits.shortText), tags: try list("tags", limits.tags),
                assignees: try list("assignees", limits.assignees), extra: extra)
        }

        let kind: Action.Kind
        switch name {
        case .createBug:
            var policy = Action.DuplicatePolicy.comment
            if case .constant(.string(let raw)) = fields["on_duplicate"], let parsed = Action.DuplicatePolicy(rawValue: raw) {
                policy = parsed
            }
            kind = .createBug(
                Action.CreateBug(
                    project: try text("project", limits.shortText), fields: try bugFields(), onDuplicate: policy,
                    reopenWindowSeconds: integer("reopen_window", 7 * 86_400),
                    reopenStatus: try text("reopen_status", limits.shortText) ?? "Open",
                    duplicateComment: try text("duplicate_comment", limits.comment)))
        case .comment:
            kind = .comment(
                Action.Comment(
                    text: try text("text", limits.comment) ?? "", author: try text("author", limits.shortText),
                    skipRepeat: bool("skip_repeat", true)))
        case .setStatus:
            kind = .setStatus(
                Action.SetStatus(
                    status: try text("status", limits.shortText) ?? "", onlyIfExists: bool("only_if_exists", true),
                    comment: try text("comment", limits.comment)))
        case .updateBug:
            kind = .updateBug(Action.UpdateBug(fields: try bugFields(), onlyIfExists: bool("only_if_exists", true)))
        case .reply:
            kind = .reply(Action.Reply(text: try text("text", limits.slackText) ?? "", visibility: visibility()))
        case .followUp:
            kind = .followUp(
                Action.FollowUp(
                    url: try text("url", 2_048) ?? "", success: try text("success", limits.slackText) ?? "",
                    failure: try text("failure", limits.slackText) ?? "", visibility: visibility()))
        case .searchBugs:
            kind = .searchBugs(
                Action.SearchBugs(
                    query: try text("query", limits.summary) ?? "", limit: Int(clamping: integer("limit", 5)),
                    project: try text("project", limits.shortText)))
        }
        return Action(rule: rule, dedupKey: dedupKey, kind: kind)
    }

    private func visibility() -> Action.Visibility {
        if case .constant(.string(let raw)) = fields["visibility"], let parsed = Action.Visibility(rawValue: raw) {
            return parsed
        }
        return .ephemeral
    }
}
