import JSON

/// Bugs: create, list, search, by-integration-key, get, patch, bulk patch.
extension SimRoutes {
    static let severities = ["Low", "Medium", "High", "Critical"]
    static let types = ["DEFECT", "TASK", "FEATURE", "IMPROVEMENT"]
    /// Fields a PATCH may not change.
    static let frozenFields: Set<String> = ["_id", "company", "project", "createdAt", "updatedAt", "bugNumber"]

    static func postBug(_ call: SimCall, _ state: inout SimState) throws -> JSON {
        let body = try call.object()
        if call.configuration.strict { try SimStrictness.rejectUnknown(body, allowed: SimStrictness.bugProperties(call.configuration)) }
        let keyField = call.configuration.integrationKeyField
        let platformField = call.configuration.integrationPlatformField
        _ = try requiredString(body, "summary")
        let projectID = try requiredString(body, "project")
        _ = try project(projectID, call, state)
        var bug = body
        bug["_id"] = nil
        try validate(&bug, projectID: projectID, call, state)
        let statusList = statuses(of: projectID, company: call.company, in: state)
        if bug["bugStatus"] == nil || bug["bugStatus"]?.isNull == true {
            bug["bugStatus"] = statusList.first?["_id"] ?? .null
        }
        if let key = try optionalString(body, keyField) {
            let platform = try optionalString(body, platformField) ?? call.configuration.defaultPlatform
            bug[platformField] = .string(platform)
            if call.configuration.conflictOnDuplicateKey, find(key: key, platform: platform, project: projectID, call, state) != nil {
                throw SimError.conflict("Bug with \(keyField) \(key) already exists for platform \(platform)")
            }
        }
        let number = (state.bugNumbers[projectID] ?? 0) + 1
        state.bugNumbers[projectID] = number
        var record: JSONObject = [
            "_id": .string(state.newID()), "company": .string(call.company), "bugNumber": .int(number),
            "severity": "Medium", "type": "DEFECT", "bugFor": "BOARD", "tags": [], "assignTo": [], "isArchived": false,
        ]
        for (key, value) in bug where !["_id", "company", "bugNumber"].contains(key) { record[key] = value }
        record["createdAt"] = SimState.timestamp(call.now)
        record["updatedAt"] = SimState.timestamp(call.now)
        state.bugs.insert(record)
        state.indexBug(record, keyField: keyField, platformField: platformField)
        return .object(record)
    }

    /// Checks the fields a create or a patch may carry; 400 names the first bad one.
    static func validate(_ bug: inout JSONObject, projectID: String, _ call: SimCall, _ state: SimState) throws {
        if bug["summary"] != nil { _ = try requiredString(bug, "summary") }
        _ = try optionalString(bug, "description")
        if let severity = try optionalString(bug, "severity") { try oneOf(severity, severities, "severity") }
        if let type = try optionalString(bug, "type") { try oneOf(type, types, "type") }
        _ = try optionalString(bug, "bugFor")
        let tags = try stringArray(bug["tags"], "tags")
        if call.configuration.strict { try SimStrictness.requireTagIDs(tags, project: projectID, call, state) }
        _ = try stringArray(bug["assignTo"], "assignTo")
        if let archived = bug["isArchived"], archived.boolValue == nil { throw SimError.badRequest("isArchived must be a boolean") }
        _ = try optionalString(bug, call.configuration.integrationKeyField)
        _ = try optionalString(bug, call.configuration.integrationPlatformField)
        if let status = try optionalString(bug, "bugStatus") {
            let known = statuses(of: projectID, company: call.company, in: state).contains { $0["_id"]?.stringValue == status }
            guard known else { throw SimError.badRequest("bugStatus is not a status of the bug's project") }
        }
    }

    static func find(key: String, platform: String, project: String?, _ call: SimCall, _ state: SimState) -> JSONObject? {
        let keyField = call.configuration.integrationKeyField
        let platformField = call.configuration.integrationPlatformField
        let ids = state.keyIndex[SimState.indexKey(company: call.company, platform: platform, key: key)] ?? []
        return ids.lazy.compactMap { state.bugs.get($0, company: call.company) }.first { bug in
            bug[keyField]?.stringValue == key && bug[platformField]?.stringValue == platform
                && (project.map { bug["project"]?.stringValue == $0 } ?? true)
        }
    }

    /// `GET /bugs/by-integration-key?key=K&platform=P&project=ID` (platform
    /// defaults to the configured one; `by-jira-key` fixes it to `JIRA`).
    /// The parameter names are the configured ones.
    static func bugByKey(_ call: SimCall, _ state: SimState, jira: Bool) throws -> JSON {
        let names = call.configuration
        guard let key = call.query[names.byKeyKeyParameter], !key.isEmpty else {
            throw SimError.badRequest("\(names.byKeyKeyParameter) should not be empty")
        }
        let platform =
            jira ? "JIRA" : (call.query[names.byKeyPlatformParameter].flatMap { $0.isEmpty ? nil : $0 } ?? names.defaultPlatform)
        guard let bug = find(key: key, platform: platform, project: call.query[names.byKeyProjectParameter], call, state) else {
            throw SimError.notFound("Bug not found")
        }
        return .object(bug)
    }

    static func listBugs(_ call: SimCall, _ state: SimState) throws -> JSON {
        let q = call.query
        if let project = q["project"] { _ = try self.project(project, call, state) }
        let statuses = Set(q.list("statuses") + q.list("bugStatus"))
        let assignees = Set(q.list("assignTo") + q.list("assignee"))
        let archived: Bool?
        switch q["isArchived"] {
        case nil: archived = nil
        case "true"?: archived = true
        case "false"?: archived = false
        default: throw SimError.badRequest("isArchived must be a boolean")
        }
        let bugs = state.bugs.all(company: call.company) { bug in
            (q["project"].map { bug["project"]?.stringValue == $0 } ?? true)
                && (statuses.isEmpty || statuses.contains(bug["bugStatus"]?.stringValue ?? ""))
                && (assignees.isEmpty
                    || (bug["assignTo"]?.arrayValue ?? []).contains { assignees.contains($0.stringValue ?? "") })
                && (q["severity"].map { bug["severity"]?.stringValue == $0 } ?? true)
                && (q["type"].map { bug["type"]?.stringValue == $0 } ?? true)
                && (archived.map { (bug["isArchived"]?.boolValue ?? false) == $0 } ?? true)
        }
        return try page(bugs, call)
    }

    /// `GET /bugs/search?search=TEXT[&project=ID]`: case-insensitive match on
    /// summary, description or bug number; at most 30 hits.
    static func searchBugs(_ call: SimCall, _ state: SimState) throws -> JSON {
        guard let term = (call.query["search"] ?? call.query["q"])?.lowercased(), !term.isEmpty else {
            throw SimError.badRequest("search should not be empty")
        }
        let hits = state.bugs.all(company: call.company) { bug in
            (call.query["project"].map { bug["project"]?.stringValue == $0 } ?? true)
                && ((bug["summary"]?.stringValue?.lowercased().contains(term) ?? false)
                    || (bug["description"]?.stringValue?.lowercased().contains(term) ?? false)
                    || bug["bugNumber"]?.intValue.map { String($0) == term } == true)
        }.prefix(30)
        return ["items": .array(hits.map { .object($0) }), "total": .int(Int64(hits.count))]
    }

    static func patchBug(_ id: String, _ call: SimCall, _ state: inout SimState) throws -> JSON {
        guard let existing = state.bugs.get(id, company: call.company) else { throw SimError.notFound("Bug not found") }
        let change = try checkedChange(try call.object(), bug: existing, call, state)
        let updated = state.bugs.update(id, company: call.company) { apply(change, to: &$0, now: call) }
        if let updated { reindex(updated, call, &state) }
        return .object(updated ?? existing)
    }

    /// `PATCH /bugs {"bugIds": [...], <fields>}`: all or nothing; answers
    /// `{items: [updated bugs], total}`.
    static func patchBugs(_ call: SimCall, _ state: inout SimState) throws -> JSON {
        var body = try call.object()
        guard let ids = body["bugIds"]?.arrayValue, !ids.isEmpty else {
            throw SimError.badRequest("bugIds should not be empty")
        }
        let idStrings = try ids.map { id -> String in
            guard let s = id.stringValue else { throw SimError.badRequest("bugIds must be an array of strings") }
            return s
        }
        body["bugIds"] = nil
        guard !body.isEmpty else { throw SimError.badRequest("nothing to update") }
        var changes: [(String, JSONObject)] = []
        for id in idStrings {
            guard let bug = state.bugs.get(id, company: call.company) else { throw SimError.notFound("Bug \(id) not found") }
            changes.append((id, try checkedChange(body, bug: bug, call, state)))
        }
        var updated: [JSON] = []
        for (id, change) in changes {
            if let bug = state.bugs.update(id, company: call.company, { apply(change, to: &$0, now: call) }) {
                reindex(bug, call, &state)
                updated.append(.object(bug))
            }
        }
        return ["items": .array(updated), "total": .int(Int64(updated.count))]
    }

    private static func checkedChange(_ body: JSONObject, bug: JSONObject, _ call: SimCall, _ state: SimState) throws -> JSONObject {
        if let frozen = body.keys.first(where: { frozenFields.contains($0) }) {
            throw SimError.badRequest("\(frozen) cannot be changed")
        }
        if call.configuration.strict { try SimStrictness.rejectUnknown(body, allowed: SimStrictness.patchProperties(call.configuration)) }
        var change = body
        try validate(&change, projectID: bug["project"]?.stringValue ?? "", call, state)
        return change
    }

    private static func reindex(_ bug: JSONObject, _ call: SimCall, _ state: inout SimState) {
        state.indexBug(
            bug, keyField: call.configuration.integrationKeyField, platformField: call.configuration.integrationPlatformField)
    }

    private static func apply(_ change: JSONObject, to bug: inout JSONObject, now call: SimCall) {
        for (key, value) in change { bug[key] = value }
        bug["updatedAt"] = SimState.timestamp(call.now)
    }
}
