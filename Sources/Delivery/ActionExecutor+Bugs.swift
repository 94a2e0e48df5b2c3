import JSON
import Rules
import Sniffer
import Store

extension ActionExecutor {
    /// `create_bug`: the local key table, then Sniffer's by-integration-key,
    /// then `POST /bug`; an existing bug is handled by `on_duplicate`.
    func createBug(_ create: Action.CreateBug, _ context: Context) async throws(Stop) -> DeliveryOutcome {
        guard let project = create.project ?? defaultProject else {
            return .permanent(message: "create_bug names no project and [sniffer].project is not set")
        }
        guard let key = context.dedupKey else {
            // No key: nothing to deduplicate against; a lost response may file twice.
            let created = try value(await client.createBug(try await draft(create.fields, project: project, key: nil, context), lookUpFirst: false), "POST /bug")
            return .done(result: "bug \(created.bug.id)")
        }
        if let record = try await keyRecord(key), let bug = record.bugID {
            if record.createdByAction == context.outbox.id {
                // Filed by an earlier attempt of this very action, which stopped before its completion.
                return .done(result: "bug \(bug)")
            }
            return try await onDuplicate(create, bug: bug, record: record, project: project, context)
        }
        switch await client.bug(integrationKey: key, platform: context.action.integrationPlatform, project: project) {
        case .success(let bug):
            // Filed by an earlier attempt of this very action (its answer was lost).
            if context.previouslyAttempted {
                try await rememberCreated(bugID: bug.id, for: key, context)
                return .done(result: "bug \(bug.id) (found by its key)")
            }
            try await remember(bugID: bug.id, for: key, now: context.now)
            let record = try await keyRecord(key) ?? KeyRecord(bugID: bug.id, updatedAt: context.now)
            return try await onDuplicate(create, bug: bug.id, record: record, project: project, context)
        case .notFound:
            break
        case let other:
            _ = try value(other, "GET /bugs/by-integration-key")
        }
        let created = try value(await client.createBug(try await draft(create.fields, project: project, key: key, context), lookUpFirst: false), "POST /bug")
        try await rememberCreated(bugID: created.bug.id, for: key, context)
        // A 409 right after a look-up that found nothing: with one action per key
        // at a time, that bug comes from this very create (a request resent on a
        // dropped connection), so it is adopted, not treated as a duplicate.
        return .done(result: "bug \(created.bug.id)" + (created.alreadyExisted ? " (found by its key after a conflict)" : ""))
    }

    /// `on_duplicate`: what a create does to the bug its key already has.
    func onDuplicate(
        _ create: Action.CreateBug, bug: String, record: KeyRecord, project: String, _ context: Context
    ) async throws(Stop) -> DeliveryOutcome {
        switch create.onDuplicate {
        case .skip:
            return .done(result: "bug \(bug) exists: skipped")
        case .update:
            _ = try value(await client.updateBug(id: bug, try await fields(of: create.fields, project: project)), "PATCH /bug")
            return .done(result: "bug \(bug) updated")
        case .comment:
            return try await duplicateComment(create, bug: bug, record: record, context)
        case .reopen:
            guard let resolvedAt = record.resolvedAt else {
                return try await duplicateComment(create, bug: bug, record: record, context)
            }
            // A coalescing repeat decides by when it was received, so that a
            // retry after its hold decides as the first attempt did.
            let at = create.coalesceSeconds == nil ? context.now : context.outbox.createdAt
            guard at - resolvedAt <= create.reopenWindowSeconds * 1000 else {
                return try await fileAgain(create, project: project, context)
            }
            switch try await duplicatePlan(create, record: record, context) {
            case .hold(let until): return .held(until: until)
            case .post(let text, let repeats, let window):
                try await changeStatus(of: bug, to: create.reopenStatus, project: project, context)
                return try await postDuplicate(text, repeats: repeats, window: window, on: bug, context)
            }
        }
    }

    func duplicateComment(_ create: Action.CreateBug, bug: String, record: KeyRecord, _ context: Context) async throws(Stop)
        -> DeliveryOutcome
    {
        switch try await duplicatePlan(create, record: record, context) {
        case .hold(let until): return .held(until: until)
        case .post(let text, let repeats, let window):
            return try await postDuplicate(text, repeats: repeats, window: window, on: bug, context)
        }
    }

    /// The comment of `repeats` events on their key's bug, then `window` as
    /// the key's open one. A coalesced comment is never skipped as "same as
    /// the last": it counts events of its own.
    func postDuplicate(
        _ text: String?, repeats: Int, window: KeyRecord.CommentWindow?, on bug: String, _ context: Context
    ) async throws(Stop) -> DeliveryOutcome {
        var outcome = DeliveryOutcome.done(result: "bug \(bug) exists")
        if let text, !text.isEmpty { outcome = try await postComment(text, on: bug, skipRepeat: repeats == 1, context) }
        guard case .done(let result, _) = outcome else { return outcome }
        if let window, let key = context.dedupKey, var record = try await keyRecord(key), record.commentWindow != window {
            record.commentWindow = window
            record.updatedAt = context.now
            try await saveKeyRecord(record, for: key)
        }
        return .done(result: repeats > 1 ? "\(result) (\(repeats) repeats in one comment)" : result)
    }

    /// Reopen window passed: a new bug, keyed by the action so a retry finds it again.
    func fileAgain(_ create: Action.CreateBug, project: String, _ context: Context) async throws(Stop) -> DeliveryOutcome {
        guard let key = context.dedupKey else { return .permanent(message: "reopen without a dedup key") }
        let generationKey = "\(key)#\(context.outbox.id)"
        let created = try value(
            await client.createBug(try await draft(create.fields, project: project, key: generationKey, context), lookUpFirst: true),
            "POST /bug")
        try await rememberCreated(bugID: created.bug.id, for: key, context)
        return .done(result: "bug \(created.bug.id) (filed again after the reopen window)")
    }

    /// `set_status`: the status name becomes Sniffer's id through the client's cache.
    func setStatus(_ set: Action.SetStatus, _ context: Context) async throws(Stop) -> DeliveryOutcome {
        guard let bug = try await existingBug(context) else {
            return set.onlyIfExists
                ? .done(result: "skipped: no bug for dedup key")
                : .permanent(message: "set_status: no bug has dedup key \(context.dedupKey ?? "(none)")")
        }
        let project = try await project(of: bug)
        try await changeStatus(of: bug, to: set.status, project: project, context)
        if let comment = set.comment, !comment.isEmpty {
            _ = try await postComment(comment, on: bug, skipRepeat: true, context)
        }
        return .done(result: "bug \(bug): status \(set.status)")
    }

    func changeStatus(of bug: String, to name: String, project: String, _ context: Context) async throws(Stop) {
        let status = try value(await client.statusID(named: name, project: project), "status \"\(name)\"")
        _ = try value(await client.updateBug(id: bug, ["bugStatus": .string(status)]), "PATCH /bug")
        guard let key = context.dedupKey, var record = try await keyRecord(key) else { return }
        let resolved = resolvedStatuses.contains(name.lowercased())
        record.resolvedAt = resolved ? context.now : nil
        // The next failure after a fix is news: it is not held for a window of the last episode.
        if resolved { record.commentWindow = nil }
        record.updatedAt = context.now
        try await saveKeyRecord(record, for: key)
    }

    /// `update_bug` on the bug found by the dedup key.
    func updateBug(_ update: Action.UpdateBug, _ context: Context) async throws(Stop) -> DeliveryOutcome {
        guard let bug = try await existingBug(context) else {
            return update.onlyIfExists
                ? .done(result: "skipped: no bug for dedup key")
                : .permanent(message: "update_bug: no bug has dedup key \(context.dedupKey ?? "(none)")")
        }
        let project = try await project(of: bug)
        _ = try value(await client.updateBug(id: bug, try await fields(of: update.fields, project: project)), "PATCH /bug")
        return .done(result: "bug \(bug) updated")
    }

    func project(of bug: String) async throws(Stop) -> String {
        if let defaultProject { return defaultProject }
        return try value(await client.bug(id: bug), "GET /bug").project
    }

    /// The bug `POST /bug` files: the mapping's fields, its tag names as
    /// the project's tag ids, and the dedup key as its integration key on
    /// the rule's platform (`integration_platform`).
    func draft(_ fields: Action.BugFields, project: String, key: String?, _ context: Context) async throws(Stop)
        -> SnifferBugDraft
    {
        var draft = SnifferBugDraft(summary: fields.summary ?? "(no summary)", project: project)
        draft.severity = fields.severity
        draft.type = fields.type
        draft.tags = try await tagIDs(fields.tags ?? [], project: project)
        draft.assignTo = fields.assignees ?? []
        draft.integrationKey = key
        if key != nil { draft.integrationPlatform = context.action.integrationPlatform }
        let (properties, details) = split(fields)
        draft.description = CustomFieldPlacement.describe(fields.description, with: details)
        draft.extra = properties
        return draft
    }

    /// The fields a PATCH sends: only those the mapping set. With custom
    /// fields in the description, they go with a new description; a PATCH
    /// that sets no description leaves them out rather than overwrite the bug's.
    func fields(of fields: Action.BugFields, project: String) async throws(Stop) -> JSONObject {
        let (properties, details) = split(fields)
        var body = properties
        if let summary = fields.summary { body["summary"] = .string(summary) }
        if let description = fields.description {
            let text = CustomFieldPlacement.describe(description, with: details)
            body["description"] = text.map(JSON.string) ?? .null
        }
        if let severity = fields.severity { body["severity"] = .string(severity) }
        if let type = fields.type { body["type"] = .string(type) }
        if let tags = fields.tags { body["tags"] = .array(try await tagIDs(tags, project: project).map(JSON.string)) }
        if let assignees = fields.assignees { body["assignTo"] = .array(assignees.map(JSON.string)) }
        return body
    }

    /// The custom fields (`platform`, then `[rule.actions.fields]`) as
    /// `properties` to send and `details` for the description's block. A
    /// field the reference shows (`bugFor`, say) is always a property; the
    /// others are details unless `custom_fields = "top_level"`.
    func split(_ fields: Action.BugFields) -> (properties: JSONObject, details: JSONObject) {
        var properties: JSONObject = [:]
        var details: JSONObject = [:]
        func place(_ key: String, _ value: JSON?) {
            if customFields == .topLevel || SnifferBugDraft.referenceFields.contains(key) {
                properties[key] = value
            } else {
                details[key] = value
            }
        }
        if let platform = fields.platform { place("platform", .string(platform)) }
        for key in fields.extra.keys { place(key, fields.extra[key]) }
        return (properties, details)
    }

    func tagIDs(_ names: [String], project: String) async throws(Stop) -> [String] {
        guard !names.isEmpty else { return [] }
        return try value(await client.tagIDs(named: names, project: project), "tags")
    }
}
