import JSON
import Rules

/// Reads back the outbox form of an `Action` (its `json`, as `dry-run` prints
/// it): what the dispatcher stored is what the deliverer carries out.
package enum ActionCodec {
    /// Why a stored action could not be read (a newer or damaged record).
    package struct DecodingError: Error, Sendable, CustomStringConvertible {
        package var description: String
    }

    /// The bytes stored in the outbox for `action`.
    package static func encode(_ action: Action) -> [UInt8] {
        action.json.serializedBytes()
    }

    /// The action stored as `bytes`.
    package static func decode(_ bytes: [UInt8]) throws(DecodingError) -> Action {
        let json: JSON
        do { json = try JSON(parsing: bytes) } catch {
            throw DecodingError(description: "stored action is not JSON: \(error)")
        }
        guard let object = json.objectValue else { throw DecodingError(description: "stored action is not an object") }
        let reader = Reader(object: object)
        let rule = reader.string("rule") ?? ""
        let dedupKey = reader.string("dedup_key")
        let name = try reader.require("do")
        let kind: Action.Kind
        switch name {
        case "create_bug":
            let policy = Action.DuplicatePolicy(rawValue: reader.string("on_duplicate") ?? "comment") ?? .comment
            kind = .createBug(Action.CreateBug(
                project: reader.string("project"), fields: reader.fields(), onDuplicate: policy,
                reopenWindowSeconds: reader.int("reopen_window_seconds") ?? 7 * 86_400,
                reopenStatus: reader.string("reopen_status") ?? "Open", duplicateComment: reader.string("duplicate_comment")))
        case "comment":
            kind = .comment(Action.Comment(
                text: try reader.require("text"), author: reader.string("author"),
                skipRepeat: reader.bool("skip_repeat") ?? true))
        case "set_status":
            kind = .setStatus(Action.SetStatus(
                status: try reader.require("status"), onlyIfExists: reader.bool("only_if_exists") ?? true,
                comment: reader.string("comment")))
        case "update_bug":
            kind = .updateBug(Action.UpdateBug(fields: reader.fields(), onlyIfExists: reader.bool("only_if_exists") ?? true))
        case "reply":
            kind = .reply(Action.Reply(
                text: try reader.require("text"), visibility: reader.visibility()))
        case "follow_up":
            kind = .followUp(Action.FollowUp(
                url: try reader.require("url"), success: reader.string("success") ?? "",
                failure: reader.string("failure") ?? "", visibility: reader.visibility()))
        case "search_bugs":
            kind = .searchBugs(Action.SearchBugs(
                query: try reader.require("query"), limit: Int(reader.int("limit") ?? 5), project: reader.string("project")))
        default:
            throw DecodingError(description: "stored action has unknown kind \"\(name)\"")
        }
        return Action(rule: rule, dedupKey: dedupKey, kind: kind)
    }

    /// Typed access to the stored object's members.
    private struct Reader {
        let object: JSONObject

        func string(_ key: String) -> String? { object[key]?.stringValue }
        func int(_ key: String) -> Int64? { object[key]?.intValue }
        func bool(_ key: String) -> Bool? { object[key]?.boolValue }
        func strings(_ key: String) -> [String]? { object[key]?.arrayValue?.compactMap(\.stringValue) }

        func require(_ key: String) throws(DecodingError) -> String {
            guard let value = string(key) else { throw DecodingError(description: "stored action lacks \"\(key)\"") }
            return value
        }

        func visibility() -> Action.Visibility {
            string("visibility").flatMap(Action.Visibility.init(rawValue:)) ?? .ephemeral
        }

        func fields() -> Action.BugFields {
            Action.BugFields(
                summary: string("summary"), description: string("description"), severity: string("severity"),
                type: string("type"), platform: string("platform"), tags: strings("tags"),
                assignees: strings("assignees"), extra: object["fields"]?.objectValue ?? [:])
        }
    }
}
