import Foundation
import JSON

/// One authenticated API call, decoded.
struct SimCall: Sendable {
    var method: String
    /// Path segments (`/bug/123` is `["bug", "123"]`).
    var path: [String]
    var query: SimQuery
    var body: JSON?
    /// The company the token grants: every read and write is scoped to it.
    var company: String
    var now: Date
    var configuration: SnifferSimulator.Configuration

    /// The body as an object, or a 400 naming what is wrong.
    func object() throws -> JSONObject {
        guard let body else { throw SimError.badRequest("Request body must be a JSON object") }
        guard case .object(let object) = body else { throw SimError.badRequest("Request body must be a JSON object") }
        return object
    }
}

/// The Sniffer API's routes over `SimState`; each returns (status, payload)
/// or throws a `SimError`.
enum SimRoutes {
    static func dispatch(_ call: SimCall, _ state: inout SimState) throws -> (Int, JSON) {
        let p = call.path
        switch (call.method, p.count) {
        case ("GET", 1) where p[0] == "projects": return (200, try listProjects(call, state))
        case ("POST", 1) where p[0] == "project": return (201, try postProject(call, &state))
        case ("GET", 2) where p[0] == "project": return (200, try getProject(p[1], call, state))
        case ("GET", 1) where p[0] == "statuses": return (200, try listStatuses(call, state))
        case ("GET", 2) where p == ["status", "default"]: return (200, defaultStatuses(call))
        case ("GET", 2) where p[0] == "status": return (200, try getRecord(state.statuses, p[1], "Status", call))
        case ("POST", 1) where p[0] == "status": return (201, try postStatus(call, &state))
        case ("GET", 1) where p[0] == "tags": return (200, try listTags(call, state))
        case ("GET", 2) where p[0] == "tag": return (200, try getRecord(state.tags, p[1], "Tag", call))
        case ("POST", 1) where p[0] == "tag": return (201, try postTag(call, &state))
        case ("POST", 1) where p[0] == "bug": return (201, try postBug(call, &state))
        case ("GET", 1) where p[0] == "bugs": return (200, try listBugs(call, state))
        case ("PATCH", 1) where p[0] == "bugs": return (200, try patchBugs(call, &state))
        case ("GET", 2) where p == ["bugs", "search"]: return (200, try searchBugs(call, state))
        case ("GET", 2) where p == ["bugs", "by-integration-key"]: return (200, try bugByKey(call, state, jira: false))
        case ("GET", 2) where p == ["bugs", "by-jira-key"]: return (200, try bugByKey(call, state, jira: true))
        case ("GET", 2) where p == ["bug", "health"]: return (200, ["status": "ok"])
        case ("GET", 2) where p[0] == "bug": return (200, try getRecord(state.bugs, p[1], "Bug", call))
        case ("PATCH", 2) where p[0] == "bug": return (200, try patchBug(p[1], call, &state))
        case ("POST", 1) where p[0] == "comment": return (201, try postComment(call, &state))
        case ("GET", 1) where p[0] == "comments": return (200, try listComments(call, state))
        case ("GET", 2) where p[0] == "comment": return (200, try getRecord(state.comments, p[1], "Comment", call))
        default:
            throw SimError.notFound("Cannot \(call.method) /\(p.joined(separator: "/"))")
        }
    }

    // MARK: Helpers

    static func getRecord(_ collection: SimCollection, _ id: String, _ noun: String, _ call: SimCall) throws -> JSON {
        guard let record = collection.get(id, company: call.company) else { throw SimError.notFound("\(noun) not found") }
        return .object(record)
    }

    /// One page of `records` as the reference's `{items, total}`; `page` is 1-based.
    static func page(_ records: [JSONObject], _ call: SimCall) throws -> JSON {
        let page = try positive(call.query["page"], name: "page", default: 1, max: 1_000_000)
        let size = try positive(call.query["size"], name: "size", default: 20, max: 100)
        let start = min((page - 1) * size, records.count)
        let slice = records[start..<min(start + size, records.count)]
        return ["items": .array(slice.map { .object($0) }), "total": .int(Int64(records.count))]
    }

    private static func positive(_ text: String?, name: String, default value: Int, max: Int) throws -> Int {
        guard let text else { return value }
        guard let n = Int(text), n >= 1, n <= max else {
            throw SimError.badRequest("\(name) must be an integer between 1 and \(max)")
        }
        return n
    }

    /// A required non-empty string field.
    static func requiredString(_ object: JSONObject, _ field: String) throws -> String {
        guard let value = object[field] else { throw SimError.badRequest("\(field) should not be empty") }
        guard let s = value.stringValue else { throw SimError.badRequest("\(field) must be a string") }
        guard !s.trimmingCharacters(in: .whitespaces).isEmpty else { throw SimError.badRequest("\(field) should not be empty") }
        return s
    }

    /// An optional string field (absent or null is `nil`).
    static func optionalString(_ object: JSONObject, _ field: String) throws -> String? {
        guard let value = object[field], !value.isNull else { return nil }
        guard let s = value.stringValue else { throw SimError.badRequest("\(field) must be a string") }
        return s
    }

    static func stringArray(_ value: JSON?, _ field: String) throws -> [JSON] {
        guard let value else { return [] }
        guard let items = value.arrayValue, items.allSatisfy({ $0.stringValue != nil }) else {
            throw SimError.badRequest("\(field) must be an array of strings")
        }
        return items
    }

    static func oneOf(_ value: String, _ allowed: [String], _ field: String) throws {
        guard allowed.contains(value) else {
            throw SimError.badRequest("\(field) must be one of the following values: \(allowed.joined(separator: ", "))")
        }
    }
}
