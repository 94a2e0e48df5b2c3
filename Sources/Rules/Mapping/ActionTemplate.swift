import JSON

/// One compiled `[[rule.actions]]` entry: its kind, optional `when`, and its
/// fields as templates. `render` builds the `Action` for one event, cutting
/// long values to `SnifferLimits`.
final class ActionTemplate: Sendable {
    let name: ActionSchema.Name
    let location: SourceLocation
    let when: CompiledExpression?
    /// Field templates by `FieldKey` index: an array, not a dictionary, so
    /// rendering does no string hashing.
    private let slots: [ValueTemplate?]

    /// Every field name any action accepts, as a dense index.
    enum FieldKey: Int, CaseIterable {
        case project, summary, description, severity, type, platform, tags, assignees, fields
        case onDuplicate, reopenWindow, reopenStatus, duplicateComment, coalesce, coalesceLabel
        case text, author, skipRepeat, status, onlyIfExists, comment, visibility, url, success, failure, query, limit
        case bugID

        static let byName: [String: FieldKey] = {
            let names: [FieldKey: String] = [
                .onDuplicate: "on_duplicate", .reopenWindow: "reopen_window", .reopenStatus: "reopen_status",
                .duplicateComment: "duplicate_comment", .skipRepeat: "skip_repeat", .onlyIfExists: "only_if_exists",
                .bugID: "bug_id", .coalesceLabel: "coalesce_label",
            ]
            var map: [String: FieldKey] = [:]
            for key in allCases { map[names[key] ?? "\(key)"] = key }
            return map
        }()
    }

    init(name: ActionSchema.Name, location: SourceLocation, when: CompiledExpression?, fields: [String: ValueTemplate]) {
        self.name = name
        self.location = location
        self.when = when
        var slots = [ValueTemplate?](repeating: nil, count: FieldKey.allCases.count)
        for (key, value) in fields {
            if let index = FieldKey.byName[key] { slots[index.rawValue] = value }
        }
        self.slots = slots
    }

    func render(rule: String, dedupKey: String?, _ interpreter: Interpreter, limits: SnifferLimits)
        throws(EvaluationFailure) -> Action
    {
        func text(_ key: FieldKey, _ limit: Int) throws(EvaluationFailure) -> String? {
            guard let template = slots[key.rawValue], let value = try template.renderText(interpreter) else { return nil }
            return Builtins.truncate(value, to: limit)
        }
        func list(_ key: FieldKey, _ count: Int) throws(EvaluationFailure) -> [String]? {
            guard let template = slots[key.rawValue] else { return nil }
            return try template.renderList(interpreter).prefix(count).map { Builtins.truncate($0, to: limits.shortText) }
        }
        func bool(_ key: FieldKey, _ fallback: Bool) -> Bool {
            if case .constant(.bool(let value)) = slots[key.rawValue] { return value }
            return fallback
        }
        func integer(_ key: FieldKey, _ fallback: Int64) -> Int64 {
            if case .constant(.int(let value)) = slots[key.rawValue] { return value }
            return fallback
        }
        func bugFields() throws(EvaluationFailure) -> Action.BugFields {
            var extra = JSONObject()
            if let template = slots[FieldKey.fields.rawValue], case .object(let object) = try template.render(interpreter) {
                extra = object
            }
            return Action.BugFields(
                summary: try text(.summary, limits.summary), description: try text(.description, limits.description),
                severity: try text(.severity, limits.shortText), type: try text(.type, limits.shortText),
                platform: try text(.platform, limits.shortText), tags: try list(.tags, limits.tags),
                assignees: try list(.assignees, limits.assignees), extra: extra)
        }

        let kind: Action.Kind
        switch name {
        case .createBug:
            var policy = Action.DuplicatePolicy.comment
            if case .constant(.string(let raw)) = slots[FieldKey.onDuplicate.rawValue], let parsed = Action.DuplicatePolicy(rawValue: raw) {
                policy = parsed
            }
            kind = .createBug(
                Action.CreateBug(
                    project: try text(.project, limits.shortText), fields: try bugFields(), onDuplicate: policy,
                    reopenWindowSeconds: integer(.reopenWindow, 7 * 86_400),
                    reopenStatus: try text(.reopenStatus, limits.shortText) ?? "Open",
                    duplicateComment: try text(.duplicateComment, limits.comment),
                    coalesceSeconds: slots[FieldKey.coalesce.rawValue] == nil ? nil : integer(.coalesce, 0),
                    coalesceLabel: try text(.coalesceLabel, limits.shortText)))
        case .comment:
            kind = .comment(
                Action.Comment(
                    text: try text(.text, limits.comment) ?? "", author: try text(.author, limits.shortText),
                    skipRepeat: bool(.skipRepeat, true)))
        case .setStatus:
            kind = .setStatus(
                Action.SetStatus(
                    status: try text(.status, limits.shortText) ?? "", onlyIfExists: bool(.onlyIfExists, true),
                    comment: try text(.comment, limits.comment)))
        case .updateBug:
            kind = .updateBug(Action.UpdateBug(fields: try bugFields(), onlyIfExists: bool(.onlyIfExists, true)))
        case .reply:
            kind = .reply(Action.Reply(text: try text(.text, limits.slackText) ?? "", visibility: visibility()))
        case .followUp:
            kind = .followUp(
                Action.FollowUp(
                    url: try text(.url, 2_048) ?? "", success: try text(.success, limits.slackText) ?? "",
                    failure: try text(.failure, limits.slackText) ?? "", visibility: visibility()))
        case .searchBugs:
            kind = .searchBugs(
                Action.SearchBugs(
                    query: try text(.query, limits.summary) ?? "", limit: Int(clamping: integer(.limit, 5)),
                    project: try text(.project, limits.shortText)))
        }
        return Action(rule: rule, dedupKey: dedupKey, bugID: try text(.bugID, limits.shortText), kind: kind)
    }

    private func visibility() -> Action.Visibility {
        if case .constant(.string(let raw)) = slots[FieldKey.visibility.rawValue], let parsed = Action.Visibility(rawValue: raw) {
            return parsed
        }
        return .ephemeral
    }
}
