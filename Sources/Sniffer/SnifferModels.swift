import JSON

/// What every document Sniffer returns has.
enum SnifferDocument {
    /// The document's id: `_id` as the reference's examples show it, or `id`,
    /// which an API that renames its ids answers with; a number is taken as
    /// its decimal text. Without either nothing after a create could find the
    /// bug again, so a decoder refuses the document.
    static func id(_ raw: JSONObject) -> String? {
        for key in ["_id", "id"] {
            switch raw[key] {
            case .string(let text) where !text.isEmpty: return text
            case .int(let number): return String(number)
            default: continue
            }
        }
        return nil
    }

    /// A number given as a JSON number or as its decimal text.
    static func number(_ value: JSON?) -> Int64? {
        switch value {
        case .int(let number): return number
        case .string(let text): return Int64(text)
        default: return nil
        }
    }
}

/// A bug as Sniffer returns it: the fields the bridge reads, plus the whole
/// document in `raw`.
public struct SnifferBug: Sendable, Equatable {
    public var id: String
    public var summary: String
    public var project: String
    /// The status id (`bugStatus`).
    public var status: String?
    public var integrationKey: String?
    public var integrationPlatform: String?
    /// The number people see (`bugNumber`), when the document has one.
    public var number: Int64?
    public var raw: JSONObject

    /// Decodes a bug; `keyField`/`platformField` are the configured integration field names.
    public static func decode(_ json: JSON, keyField: String, platformField: String) -> Result<SnifferBug, SnifferDecodingError> {
        guard let raw = json.objectValue, let id = SnifferDocument.id(raw) else {
            return .failure(SnifferDecodingError("bug: expected an object with a string \"_id\" or \"id\""))
        }
        return .success(SnifferBug(
            id: id, summary: raw["summary"]?.stringValue ?? "", project: raw["project"]?.stringValue ?? "",
            status: raw["bugStatus"]?.stringValue, integrationKey: raw[keyField]?.stringValue,
            integrationPlatform: raw[platformField]?.stringValue, number: SnifferDocument.number(raw["bugNumber"]),
            raw: raw))
    }
}

/// A comment on a bug.
public struct SnifferComment: Sendable, Equatable {
    public var id: String
    public var bug: String
    public var text: String
    public var type: String?
    public var raw: JSONObject

    public static func decode(_ json: JSON) -> Result<SnifferComment, SnifferDecodingError> {
        guard let raw = json.objectValue, let id = SnifferDocument.id(raw) else {
            return .failure(SnifferDecodingError("comment: expected an object with a string \"_id\" or \"id\""))
        }
        return .success(SnifferComment(
            id: id, bug: raw["bug"]?.stringValue ?? "", text: raw["text"]?.stringValue ?? "",
            type: raw["type"]?.stringValue, raw: raw))
    }
}

/// A workflow status of a project.
public struct SnifferStatus: Sendable, Equatable {
    public var id: String
    public var name: String
    public var project: String?
    public var raw: JSONObject

    public static func decode(_ json: JSON) -> Result<SnifferStatus, SnifferDecodingError> {
        guard let raw = json.objectValue, let id = SnifferDocument.id(raw), let name = raw["name"]?.stringValue else {
            return .failure(SnifferDecodingError("status: expected an object with a string \"_id\" or \"id\", and \"name\""))
        }
        return .success(SnifferStatus(id: id, name: name, project: raw["project"]?.stringValue, raw: raw))
    }
}

/// A tag of a project: a bug's `tags` are tag ids.
public struct SnifferTag: Sendable, Equatable {
    public var id: String
    public var name: String
    public var project: String?
    public var raw: JSONObject

    public static func decode(_ json: JSON) -> Result<SnifferTag, SnifferDecodingError> {
        guard let raw = json.objectValue, let id = SnifferDocument.id(raw), let name = raw["name"]?.stringValue else {
            return .failure(SnifferDecodingError("tag: expected an object with a string \"_id\" or \"id\", and \"name\""))
        }
        return .success(SnifferTag(id: id, name: name, project: raw["project"]?.stringValue, raw: raw))
    }
}

/// A project.
public struct SnifferProject: Sendable, Equatable {
    public var id: String
    public var name: String
    public var key: String?
    public var raw: JSONObject

    public static func decode(_ json: JSON) -> Result<SnifferProject, SnifferDecodingError> {
        guard let raw = json.objectValue, let id = SnifferDocument.id(raw) else {
            return .failure(SnifferDecodingError("project: expected an object with a string \"_id\" or \"id\""))
        }
        return .success(SnifferProject(id: id, name: raw["name"]?.stringValue ?? "", key: raw["key"]?.stringValue, raw: raw))
    }
}

/// One page of a list: `{items, total}`, with the page and size asked for
/// (the reference's lists do not echo them).
public struct SnifferPage<Item: Sendable & Equatable>: Sendable, Equatable {
    public var items: [Item]
    public var total: Int
    /// 1-based.
    public var page: Int
    public var size: Int

    /// Whether pages after this one hold more items.
    public var hasMore: Bool { page * size < total }

    static func decode(
        _ json: JSON, page: Int, size: Int, item: (JSON) -> Result<Item, SnifferDecodingError>
    ) -> Result<SnifferPage, SnifferDecodingError> {
        guard let list = json["items"]?.arrayValue else {
            return .failure(SnifferDecodingError("list: expected an object with an \"items\" array"))
        }
        var items: [Item] = []
        items.reserveCapacity(list.count)
        for element in list {
            switch item(element) {
            case .success(let decoded): items.append(decoded)
            case .failure(let error): return .failure(error)
            }
        }
        let total = json["total"]?.intValue.map(Int.init) ?? items.count
        return .success(SnifferPage(items: items, total: total, page: page, size: size))
    }
}

/// What `createBug` sends. `extra` carries any other field a mapping sets.
public struct SnifferBugDraft: Sendable, Equatable {
    public var summary: String
    public var project: String
    public var description: String?
    /// A status id; `nil` lets Sniffer pick the project's first status.
    public var bugStatus: String?
    public var severity: String?
    public var type: String?
    public var bugFor: String?
    public var tags: [String] = []
    public var assignTo: [String] = []
    /// The external key recorded on the bug (idempotent creation looks it up).
    public var integrationKey: String?
    /// `nil` means the configuration's `defaultPlatform`.
    public var integrationPlatform: String?
    public var extra: JSONObject = [:]

    /// The properties the reference's `POST /bug` example shows: what any Sniffer accepts.
    public static let referenceFields: Set<String> = [
        "summary", "description", "project", "bugStatus", "severity", "type", "bugFor", "tags", "assignTo",
    ]

    public init(summary: String, project: String) {
        self.summary = summary
        self.project = project
    }
}

/// The result of `createBug`: the bug, and whether it already existed (found
/// by its integration key instead of being created now).
public struct SnifferCreatedBug: Sendable, Equatable {
    public var bug: SnifferBug
    public var alreadyExisted: Bool
}
