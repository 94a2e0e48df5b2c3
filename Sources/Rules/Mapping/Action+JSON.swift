import JSON

extension Action {
    /// The printable form used by `dry-run`, `test` and the outbox:
    /// `{"do": "create_bug", "rule": ..., "dedup_key": ..., ...fields}`.
    /// Unset optional fields are left out.
    public var json: JSON {
        var object = JSONObject()
        object["do"] = .string(kind.name)
        object["rule"] = .string(rule)
        if let dedupKey { object["dedup_key"] = .string(dedupKey) }
        if let bugID { object["bug_id"] = .string(bugID) }
        if let integrationPlatform { object["integration_platform"] = .string(integrationPlatform) }
        if let trace { object["trace"] = .string(trace) }
        if let stepID { object["id"] = .string(stepID) }
        if !deferred.isEmpty {
            var sources = JSONObject()
            for key in deferred.keys.sorted() { sources[key] = deferred[key].map(JSON.string) }
            object["deferred"] = .object(sources)
        }
        func put(_ key: String, _ value: String?) { if let value { object[key] = .string(value) } }
        switch kind {
        case .createBug(let create):
            put("project", create.project)
            create.fields.write(into: &object)
            object["on_duplicate"] = .string(create.onDuplicate.rawValue)
            if create.onDuplicate == .reopen {
                object["reopen_window_seconds"] = .int(create.reopenWindowSeconds)
                object["reopen_status"] = .string(create.reopenStatus)
            }
            put("duplicate_comment", create.duplicateComment)
            if let seconds = create.coalesceSeconds { object["coalesce_seconds"] = .int(seconds) }
            put("coalesce_label", create.coalesceLabel)
        case .comment(let comment):
            object["text"] = .string(comment.text)
            put("author", comment.author)
            object["skip_repeat"] = .bool(comment.skipRepeat)
        case .setStatus(let set):
            object["status"] = .string(set.status)
            object["only_if_exists"] = .bool(set.onlyIfExists)
            put("comment", set.comment)
        case .updateBug(let update):
            update.fields.write(into: &object)
            object["only_if_exists"] = .bool(update.onlyIfExists)
        case .reply(let reply):
            object["text"] = .string(reply.text)
            object["visibility"] = .string(reply.visibility.rawValue)
        case .followUp(let followUp):
            object["url"] = .string(followUp.url)
            object["success"] = .string(followUp.success)
            object["failure"] = .string(followUp.failure)
            object["visibility"] = .string(followUp.visibility.rawValue)
        case .searchBugs(let search):
            object["query"] = .string(search.query)
            object["limit"] = .int(Int64(search.limit))
            put("project", search.project)
        case .lookupAsset(let lookup):
            put("tag", lookup.tag)
            put("serial", lookup.serial)
        case .lookupUser(let lookup):
            put("email", lookup.email)
            put("username", lookup.username)
        case .setAssetStatus(let set):
            object["asset_id"] = .string(set.assetID)
            object["status"] = .string(set.status)
        case .addMaintenance(let add):
            object["asset_id"] = .string(add.assetID)
            object["title"] = .string(add.title)
            object["type"] = .string(add.type)
            object["supplier_id"] = .string(add.supplierID)
            put("notes", add.notes)
            object["start_date"] = .string(add.startDate)
        }
        return .object(object)
    }
}

extension Action.BugFields {
    func write(into object: inout JSONObject) {
        func put(_ key: String, _ value: String?) { if let value { object[key] = .string(value) } }
        put("summary", summary)
        put("description", description)
        put("severity", severity)
        put("type", type)
        put("platform", platform)
        if let tags { object["tags"] = .array(tags.map(JSON.string)) }
        if let assignees { object["assignees"] = .array(assignees.map(JSON.string)) }
        if !extra.isEmpty { object["fields"] = .object(extra) }
    }
}
