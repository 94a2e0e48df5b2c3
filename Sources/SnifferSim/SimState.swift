import Foundation
import JSON

/// Everything the simulator stores. Saved to and loaded from one JSON file.
struct SimState: Sendable {
    var counter: UInt64 = 0
    var projects = SimCollection()
    var statuses = SimCollection()
    var bugs = SimCollection()
    var comments = SimCollection()
    var tags = SimCollection()
    /// Bug ids by company, platform and integration key (entries may be stale
    /// after a PATCH changes a key: readers re-check the record).
    var keyIndex: [String: [String]] = [:]
    /// The last bug number given in each project.
    var bugNumbers: [String: Int64] = [:]

    static func indexKey(company: String, platform: String, key: String) -> String {
        company + "\u{1}" + platform + "\u{1}" + key
    }

    mutating func indexBug(_ bug: JSONObject, keyField: String, platformField: String) {
        guard let id = bug["_id"]?.stringValue, let company = bug["company"]?.stringValue,
            let key = bug[keyField]?.stringValue, let platform = bug[platformField]?.stringValue
        else { return }
        let composite = Self.indexKey(company: company, platform: platform, key: key)
        if keyIndex[composite]?.contains(id) != true { keyIndex[composite, default: []].append(id) }
    }

    /// Rebuilds the derived indexes (after loading a file).
    mutating func reindex(keyField: String, platformField: String) {
        keyIndex = [:]
        bugNumbers = [:]
        for bug in bugs.records {
            indexBug(bug, keyField: keyField, platformField: platformField)
            if let project = bug["project"]?.stringValue, let number = bug["bugNumber"]?.intValue {
                bugNumbers[project] = max(bugNumbers[project] ?? 0, number)
            }
        }
    }

    /// A fresh 24-hex-digit id, shaped like the MongoDB ObjectIds Sniffer uses.
    mutating func newID() -> String {
        counter += 1
        let hex = String(counter, radix: 16)
        return "64f1ab2c" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// `2026-11-22T10:55:00.000Z`, as MongoDB dates serialize.
    static func timestamp(_ date: Date) -> JSON {
        var style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        style.timeZone = .gmt
        return .string(date.formatted(style))
    }

    // MARK: Persistence

    var json: JSON {
        func list(_ c: SimCollection) -> JSON { .array(c.records.map { .object($0) }) }
        return [
            "counter": .int(Int64(counter)),
            "projects": list(projects), "statuses": list(statuses), "bugs": list(bugs),
            "comments": list(comments), "tags": list(tags),
        ]
    }

    struct LoadError: Error, CustomStringConvertible {
        var description: String
    }

    init() {}

    init(json: JSON) throws {
        guard case .object = json, let counter = json["counter"]?.intValue, counter >= 0 else {
            throw LoadError(description: "state file: expected an object with a non-negative \"counter\"")
        }
        func list(_ key: String) throws -> SimCollection {
            guard let items = json[key]?.arrayValue else {
                throw LoadError(description: "state file: \"\(key)\" must be an array")
            }
            let records = try items.map { item -> JSONObject in
                guard let object = item.objectValue, object["_id"]?.stringValue != nil else {
                    throw LoadError(description: "state file: every record in \"\(key)\" needs an \"_id\"")
                }
                return object
            }
            return SimCollection(records: records)
        }
        self.counter = UInt64(counter)
        projects = try list("projects")
        statuses = try list("statuses")
        bugs = try list("bugs")
        comments = try list("comments")
        tags = try list("tags")
    }
}
