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
    /// By the same index, the field templates that read `steps`: rendered
    /// at delivery, not by `render` (found once here, not per event).
    private let deferredSlots: [Template?]

    /// Every field name any action accepts, as a dense index.
    enum FieldKey: Int, CaseIterable {
        case project, summary, description, severity, type, platform, tags, assignees, fields
        case onDuplicate, reopenWindow, reopenStatus, duplicateComment, coalesce, coalesceLabel
        case text, author, skipRepeat, status, onlyIfExists, comment, visibility, url, success, failure, query, limit
        case bugID
        case tag, serial, email, username, assetID, title, supplierID, notes, startDate, stepID

        private static let names: [FieldKey: String] = [
            .onDuplicate: "on_duplicate", .reopenWindow: "reopen_window", .reopenStatus: "reopen_status",
            .duplicateComment: "duplicate_comment", .skipRepeat: "skip_repeat", .onlyIfExists: "only_if_exists",
            .bugID: "bug_id", .coalesceLabel: "coalesce_label", .assetID: "asset_id", .supplierID: "supplier_id",
            .startDate: "start_date", .stepID: "id",
        ]

        /// The key as a mapping file (and the action's JSON form) writes it.
        var name: String { Self.names[self] ?? "\(self)" }

        static let byName: [String: FieldKey] = {
            var map: [String: FieldKey] = [:]
            for key in allCases { map[key.name] = key }
            return map
        }()
    }

    /// The `id` later actions read this one's result by (`steps.<id>`).
    var stepID: String? {
        if case .constant(.string(let id)) = slots[FieldKey.stepID.rawValue] { return id }
        return nil
    }

    /// Where each field reads `steps`: by key, and whether the field is a
    /// table or list of templates (which cannot be deferred).
    var stepReferences: [(key: String, references: [StepReference], nested: Bool)] {
        var found: [(key: String, references: [StepReference], nested: Bool)] = []
        for key in FieldKey.allCases {
            guard let slot = slots[key.rawValue] else { continue }
            switch slot {
            case .template(let template) where template.readsSteps:
                found.append((key.name, template.stepReferences, false))
            case .array, .object:
                let references = slot.stepReferences
                if !references.isEmpty { found.append((key.name, references, true)) }
            default: break
            }
        }
        if let when, when.readsSteps { found.append(("when", when.stepReferences, false)) }
        return found
    }

    /// Where each field reads `error`, by key.
    var errorReferences: [(key: String, locations: [SourceLocation])] {
        var found: [(key: String, locations: [SourceLocation])] = []
        for key in FieldKey.allCases {
            guard case .template(let template)? = slots[key.rawValue] else { continue }
            let locations = template.errorReferences
            if !locations.isEmpty { found.append((key.name, locations)) }
        }
        if let when, !when.errorReferences.isEmpty { found.append(("when", when.errorReferences)) }
        return found
    }

    /// The longest text a field of `name` may render to at delivery (as `render` cuts it at ingest).
    static func limit(of name: String, _ limits: SnifferLimits) -> Int {
        switch FieldKey.byName[name] {
        case .summary, .query: limits.summary
        case .description: limits.description
        case .comment, .duplicateComment, .text, .notes: limits.comment
        case .success, .failure: limits.slackText
        case .url: 2_048
        default: limits.shortText
        }
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
        deferredSlots = slots.map { slot in
            if case .template(let template)? = slot, template.readsSteps { return template }
            return nil
        }
    }

    /// The action for one event. A field whose template reads `steps` is
    /// not rendered: its source goes to `Action.deferred` and the field
    /// holds a placeholder (`""`, `[]`) until the deliverer renders it; so
    /// does `when`, whose check the caller leaves to the deliverer then.
    func render(rule: String, dedupKey: String?, _ interpreter: Interpreter, limits: SnifferLimits)
        throws(EvaluationFailure) -> Action
    {
        var deferred: [String: String] = [:]
        // The file's tables go with the sources that may read them.
        func keepTables(_ tables: [String: JSON]) {
            if !tables.isEmpty, deferred[StepRendering.tablesKey] == nil, deferred.values.contains(where: { $0.contains("tables.") }) {
                deferred[StepRendering.tablesKey] = JSON.object(JSONObject(tables.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })).serialized()
            }
        }
        if let when, when.readsSteps {
            deferred["when"] = when.source.text
            keepTables(when.tables)
        }
        func deferredSource(_ key: FieldKey) -> String? {
            guard let template = deferredSlots[key.rawValue] else { return nil }
            deferred[key.name] = template.source.text
            keepTables(template.tables)
            return template.source.text
        }
        func text(_ key: FieldKey, _ limit: Int) throws(EvaluationFailure) -> String? {
            if deferredSource(key) != nil { return "" }
            guard let template = slots[key.rawValue], let value = try template.renderText(interpreter) else { return nil }
            return Builtins.truncate(value, to: limit)
        }
        func list(_ key: FieldKey, _ count: Int) throws(EvaluationFailure) -> [String]? {
            if deferredSource(key) != nil { return [] }
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
        case .lookupAsset:
            kind = .lookupAsset(Action.LookupAsset(tag: try text(.tag, limits.shortText), serial: try text(.serial, limits.shortText)))
        case .lookupUser:
            kind = .lookupUser(
                Action.LookupUser(email: try text(.email, limits.shortText), username: try text(.username, limits.shortText)))
        case .setAssetStatus:
            kind = .setAssetStatus(
                Action.SetAssetStatus(assetID: try text(.assetID, limits.shortText) ?? "", status: try text(.status, limits.shortText) ?? ""))
        case .addMaintenance:
            // Snipe-IT keeps at most 100 characters of a title.
            kind = .addMaintenance(
                Action.AddMaintenance(
                    assetID: try text(.assetID, limits.shortText) ?? "", title: try text(.title, 100) ?? "",
                    type: try text(.type, limits.shortText) ?? "Repair", supplierID: try text(.supplierID, limits.shortText) ?? "",
                    notes: try text(.notes, limits.comment),
                    startDate: try text(.startDate, limits.shortText) ?? String(interpreter.event.receivedAtText.prefix(10))))
        }
        return Action(
            rule: rule, dedupKey: dedupKey, bugID: try text(.bugID, limits.shortText), kind: kind, stepID: stepID,
            deferred: deferred)
    }

    private func visibility() -> Action.Visibility {
        if case .constant(.string(let raw)) = slots[FieldKey.visibility.rawValue], let parsed = Action.Visibility(rawValue: raw) {
            return parsed
        }
        return .ephemeral
    }
}
