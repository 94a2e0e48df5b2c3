/// The keys each action accepts in a mapping file, and their kinds. The
/// compiler checks every `[[rule.actions]]` table against this.
enum ActionSchema {
    enum Field: Sendable, Equatable {
        /// A template rendered to text.
        case text
        /// A template or array of templates rendered to a list of strings.
        case list
        /// A table of values whose strings are templates (extra bug fields).
        case object
        case bool
        case integer
        /// `"30s"`, `"5m"`, `"24h"`, `"7d"` or a number of seconds.
        case duration
        case choice([String])
        /// An expression (`when`).
        case expression
        /// A name later templates use (`id = "asset"`, read as `steps.asset`).
        case identifier
    }

    enum Name: String, CaseIterable, Sendable {
        case createBug = "create_bug"
        case comment
        case setStatus = "set_status"
        case updateBug = "update_bug"
        case reply
        case followUp = "follow_up"
        case searchBugs = "search_bugs"
        case lookupAsset = "lookup_asset"
        case lookupUser = "lookup_user"
        case setAssetStatus = "set_asset_status"
        case addMaintenance = "add_maintenance"

        /// Actions that work on the bug found by the rule's `dedup_key`.
        var needsDedupKey: Bool { self == .comment || self == .setStatus || self == .updateBug }

        /// Actions delivered to Snipe-IT: a config without `[snipeit]` refuses them.
        var needsSnipeIT: Bool { [.lookupAsset, .lookupUser, .setAssetStatus, .addMaintenance].contains(self) }

        /// The keys of which exactly one must be given.
        var exactlyOne: (String, String)? {
            switch self {
            case .lookupAsset: ("tag", "serial")
            case .lookupUser: ("email", "username")
            default: nil
            }
        }
    }

    private static let bugFields: [String: Field] = [
        "summary": .text, "description": .text, "severity": .text, "type": .text, "platform": .text,
        "tags": .list, "assignees": .list, "fields": .object,
    ]
    private static let visibility = Field.choice(["ephemeral", "in_channel"])

    static func fields(_ name: Name) -> [String: Field] {
        var fields: [String: Field] = ["do": .text, "when": .expression, "id": .identifier]
        switch name {
        case .createBug:
            fields.merge(bugFields) { a, _ in a }
            fields["project"] = .text
            fields["on_duplicate"] = .choice(["comment", "update", "reopen", "skip"])
            fields["reopen_window"] = .duration
            fields["reopen_status"] = .text
            fields["duplicate_comment"] = .text
            fields["coalesce"] = .duration
            fields["coalesce_label"] = .text
        case .updateBug:
            fields.merge(bugFields) { a, _ in a }
            fields["only_if_exists"] = .bool
            fields["bug_id"] = .text
        case .comment:
            fields["text"] = .text
            fields["author"] = .text
            fields["skip_repeat"] = .bool
            fields["bug_id"] = .text
        case .setStatus:
            fields["bug_id"] = .text
            fields["status"] = .text
            fields["only_if_exists"] = .bool
            fields["comment"] = .text
        case .reply:
            fields["text"] = .text
            fields["visibility"] = visibility
        case .followUp:
            fields["url"] = .text
            fields["success"] = .text
            fields["failure"] = .text
            fields["visibility"] = visibility
        case .searchBugs:
            fields["query"] = .text
            fields["limit"] = .integer
            fields["project"] = .text
        case .lookupAsset:
            fields["tag"] = .text
            fields["serial"] = .text
        case .lookupUser:
            fields["email"] = .text
            fields["username"] = .text
        case .setAssetStatus:
            fields["asset_id"] = .text
            fields["status"] = .text
        case .addMaintenance:
            for key in ["asset_id", "title", "type", "supplier_id", "notes", "start_date"] { fields[key] = .text }
        }
        return fields
    }

    static func required(_ name: Name) -> [String] {
        switch name {
        case .createBug: return ["summary"]
        case .comment, .reply: return ["text"]
        case .setStatus: return ["status"]
        case .updateBug: return []
        case .followUp: return ["success"]
        case .searchBugs: return ["query"]
        case .lookupAsset, .lookupUser: return []
        case .setAssetStatus: return ["asset_id", "status"]
        case .addMaintenance: return ["asset_id", "title", "supplier_id"]
        }
    }
}
