import JSON

extension Action {
    /// Why a JSON value is not an action (`Action(json:)`).
    public struct DecodingError: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String

        /// An error saying `description`.
        public init(description: String) { self.description = description }
    }

    /// Reads back the form `json` writes, so the outbox can store actions as
    /// JSON and the deliverer rebuild them; also reads expected actions in
    /// mapping tests. Unknown keys are errors (a typo must not pass silently).
    public init(json: JSON) throws(DecodingError) {
        guard case .object(let object) = json else { throw DecodingError(description: "an action must be an object") }
        func string(_ key: String) throws(DecodingError) -> String? {
            guard let value = object[key], !value.isNull else { return nil }
            guard case .string(let s) = value else { throw DecodingError(description: "'\(key)' must be a string") }
            return s
        }
        func required(_ key: String) throws(DecodingError) -> String {
            guard let value = try string(key) else { throw DecodingError(description: "missing '\(key)'") }
            return value
        }
        func bool(_ key: String, _ fallback: Bool) throws(DecodingError) -> Bool {
            guard let value = object[key] else { return fallback }
            guard case .bool(let b) = value else { throw DecodingError(description: "'\(key)' must be a bool") }
            return b
        }
        func strings(_ key: String) throws(DecodingError) -> [String]? {
            guard let value = object[key] else { return nil }
            guard case .array(let items) = value else { throw DecodingError(description: "'\(key)' must be a list") }
            var out: [String] = []
            for item in items {
                guard case .string(let s) = item else { throw DecodingError(description: "'\(key)' must hold strings") }
                out.append(s)
            }
            return out
        }
        func fields() throws(DecodingError) -> BugFields {
            var extra = JSONObject()
            if let value = object["fields"] {
                guard case .object(let fields) = value else { throw DecodingError(description: "'fields' must be an object") }
                extra = fields
            }
            return BugFields(
                summary: try string("summary"), description: try string("description"), severity: try string("severity"),
                type: try string("type"), platform: try string("platform"), tags: try strings("tags"),
                assignees: try strings("assignees"), extra: extra)
        }
        func visibility() throws(DecodingError) -> Visibility {
            guard let raw = try string("visibility") else { return .ephemeral }
            guard let value = Visibility(rawValue: raw) else { throw DecodingError(description: "unknown visibility '\(raw)'") }
            return value
        }

        let name = try required("do")
        let common = ["do", "rule", "dedup_key", "bug_id", "integration_platform", "trace", "id", "deferred"]
        let bugKeys = ["summary", "description", "severity", "type", "platform", "tags", "assignees", "fields"]
        let known: [String]
        let kind: Kind
        switch name {
        case "create_bug":
            known = bugKeys + [
                "project", "on_duplicate", "reopen_window_seconds", "reopen_status", "duplicate_comment", "coalesce_seconds",
                "coalesce_label",
            ]
            let policyName = try string("on_duplicate") ?? "comment"
            guard let policy = DuplicatePolicy(rawValue: policyName) else {
                throw DecodingError(description: "unknown on_duplicate '\(policyName)'")
            }
            var window: Int64 = 7 * 86_400
            if let value = object["reopen_window_seconds"] {
                guard let seconds = value.intValue else { throw DecodingError(description: "'reopen_window_seconds' must be an integer") }
                window = seconds
            }
            var coalesce: Int64?
            if let value = object["coalesce_seconds"] {
                guard let seconds = value.intValue, seconds > 0 else {
                    throw DecodingError(description: "'coalesce_seconds' must be a positive integer")
                }
                coalesce = seconds
            }
            kind = .createBug(CreateBug(
                project: try string("project"), fields: try fields(), onDuplicate: policy, reopenWindowSeconds: window,
                reopenStatus: try string("reopen_status") ?? "Open", duplicateComment: try string("duplicate_comment"),
                coalesceSeconds: coalesce, coalesceLabel: try string("coalesce_label")))
        case "comment":
            known = ["text", "author", "skip_repeat"]
            kind = .comment(Comment(text: try required("text"), author: try string("author"), skipRepeat: try bool("skip_repeat", true)))
        case "set_status":
            known = ["status", "only_if_exists", "comment"]
            kind = .setStatus(SetStatus(
                status: try required("status"), onlyIfExists: try bool("only_if_exists", true), comment: try string("comment")))
        case "update_bug":
            known = bugKeys + ["only_if_exists"]
            kind = .updateBug(UpdateBug(fields: try fields(), onlyIfExists: try bool("only_if_exists", true)))
        case "reply":
            known = ["text", "visibility"]
            kind = .reply(Reply(text: try required("text"), visibility: try visibility()))
        case "follow_up":
            known = ["url", "success", "failure", "visibility"]
            kind = .followUp(FollowUp(
                url: try required("url"), success: try required("success"), failure: try required("failure"),
                visibility: try visibility()))
        case "search_bugs":
            known = ["query", "limit", "project"]
            guard let limit = Int(exactly: object["limit"]?.intValue ?? 5) else {
                throw DecodingError(description: "'limit' must be an integer")
            }
            kind = .searchBugs(SearchBugs(query: try required("query"), limit: limit, project: try string("project")))
        case "lookup_asset", "lookup_user", "set_asset_status", "add_maintenance":
            let decoded = try Self.snipeIT(name, string: string, required: required)
            known = decoded.keys
            kind = decoded.kind
        default:
            throw DecodingError(description: "unknown action '\(name)'")
        }
        for key in object.keys where !common.contains(key) && !known.contains(key) {
            throw DecodingError(description: "unknown key '\(key)' for '\(name)'")
        }
        var deferred: [String: String] = [:]
        if let value = object["deferred"] {
            guard case .object(let sources) = value else { throw DecodingError(description: "'deferred' must be an object") }
            for (key, source) in sources {
                guard case .string(let text) = source else { throw DecodingError(description: "'deferred.\(key)' must be a string") }
                deferred[key] = text
            }
        }
        self.init(
            rule: try required("rule"), dedupKey: try string("dedup_key"), bugID: try string("bug_id"),
            integrationPlatform: try string("integration_platform"), trace: try string("trace"), kind: kind, stepID: try string("id"),
            deferred: deferred)
    }
}

extension Action {
    /// The Snipe-IT actions' keys and values.
    fileprivate static func snipeIT(
        _ name: String, string: (String) throws(DecodingError) -> String?, required: (String) throws(DecodingError) -> String
    ) throws(DecodingError) -> (keys: [String], kind: Kind) {
        switch name {
        case "lookup_asset":
            let lookup = LookupAsset(tag: try string("tag"), serial: try string("serial"))
            guard (lookup.tag == nil) != (lookup.serial == nil) else {
                throw DecodingError(description: "'lookup_asset' needs exactly one of 'tag' and 'serial'")
            }
            return (["tag", "serial"], .lookupAsset(lookup))
        case "lookup_user":
            let lookup = LookupUser(email: try string("email"), username: try string("username"))
            guard (lookup.email == nil) != (lookup.username == nil) else {
                throw DecodingError(description: "'lookup_user' needs exactly one of 'email' and 'username'")
            }
            return (["email", "username"], .lookupUser(lookup))
        case "set_asset_status":
            return (["asset_id", "status"], .setAssetStatus(SetAssetStatus(assetID: try required("asset_id"), status: try required("status"))))
        default:
            let add = AddMaintenance(
                assetID: try required("asset_id"), title: try required("title"), type: try string("type") ?? "Repair",
                supplierID: try required("supplier_id"), notes: try string("notes"), startDate: try required("start_date"))
            return (["asset_id", "title", "type", "supplier_id", "notes", "start_date"], .addMaintenance(add))
        }
    }
}
