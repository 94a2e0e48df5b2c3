import Foundation
import JSON

/// Projects, statuses and tags.
extension SimRoutes {
    /// The system-default statuses (`GET /status/default`) and the colours new
    /// projects' statuses get.
    static let defaultStatusColors = ["#6B7280", "#2563EB", "#16A34A", "#111827", "#DC2626"]
    /// The names of the seeded statuses that only make the list long (`Configuration.fillerStatuses`).
    static let fillerStatusPrefix = "Archived column "

    @discardableResult
    static func createProject(
        in state: inout SimState, company: String, name: String, key: String?, statusNames: [String], now: Date
    ) -> JSONObject {
        var project: JSONObject = [
            "_id": .string(state.newID()), "company": .string(company), "name": .string(name),
            "createdAt": SimState.timestamp(now), "updatedAt": SimState.timestamp(now),
        ]
        if let key { project["key"] = .string(key) }
        state.projects.insert(project)
        for (index, statusName) in statusNames.enumerated() {
            state.statuses.insert([
                "_id": .string(state.newID()), "company": .string(company), "project": project["_id"] ?? .null,
                "name": .string(statusName), "index": .int(Int64(index)),
                "color": .string(defaultStatusColors[index % defaultStatusColors.count]), "isDefault": .bool(index == 0),
                "createdAt": SimState.timestamp(now),
            ])
        }
        return project
    }

    static func statuses(of project: String, company: String, in state: SimState) -> [JSONObject] {
        state.statuses.all(company: company) { $0["project"]?.stringValue == project }
    }

    static func listProjects(_ call: SimCall, _ state: SimState) throws -> JSON {
        let search = call.query["search"]?.lowercased()
        return try page(state.projects.all(company: call.company) { project in
            guard let search, !search.isEmpty else { return true }
            return project["name"]?.stringValue?.lowercased().contains(search) ?? false
        }, call)
    }

    static func getProject(_ id: String, _ call: SimCall, _ state: SimState) throws -> JSON {
        try getRecord(state.projects, id, "Project", call)
    }

    static func postProject(_ call: SimCall, _ state: inout SimState) throws -> JSON {
        let body = try call.object()
        let name = try requiredString(body, "name")
        let key = try optionalString(body, "key")
        if let key, state.projects.all(company: call.company, where: { $0["key"]?.stringValue == key }).count > 0 {
            throw SimError.conflict("Project key already exists")
        }
        return .object(createProject(
            in: &state, company: call.company, name: name, key: key, statusNames: call.configuration.statusNames,
            now: call.now))
    }

    /// A project of the caller's company, or 404.
    static func project(_ id: String, _ call: SimCall, _ state: SimState) throws -> JSONObject {
        guard let project = state.projects.get(id, company: call.company) else { throw SimError.notFound("Project not found") }
        return project
    }

    static func listStatuses(_ call: SimCall, _ state: SimState) throws -> JSON {
        let project = call.query["project"]
        if let project { _ = try self.project(project, call, state) }
        return try page(state.statuses.all(company: call.company) { status in
            project.map { status["project"]?.stringValue == $0 } ?? true
        }, call)
    }

    static func defaultStatuses(_ call: SimCall) -> JSON {
        .array(call.configuration.statusNames.enumerated().map { index, name in
            [
                "_id": .string("default-\(index)"), "name": .string(name), "index": .int(Int64(index)),
                "color": .string(defaultStatusColors[index % defaultStatusColors.count]), "isDefault": true,
            ]
        })
    }

    static func postStatus(_ call: SimCall, _ state: inout SimState) throws -> JSON {
        let body = try call.object()
        let name = try requiredString(body, "name")
        let projectID = try requiredString(body, "project")
        _ = try project(projectID, call, state)
        let existing = statuses(of: projectID, company: call.company, in: state)
        if existing.contains(where: { $0["name"]?.stringValue?.lowercased() == name.lowercased() }) {
            throw SimError.conflict("Status with this name already exists in the project")
        }
        let status: JSONObject = [
            "_id": .string(state.newID()), "company": .string(call.company), "project": .string(projectID),
            "name": .string(name), "index": .int(Int64(existing.count)),
            "color": .string(try optionalString(body, "color") ?? "#6B7280"), "isDefault": false,
            "createdAt": SimState.timestamp(call.now),
        ]
        state.statuses.insert(status)
        return .object(status)
    }

    static func listTags(_ call: SimCall, _ state: SimState) throws -> JSON {
        let project = call.query["project"], type = call.query["type"]
        return try page(state.tags.all(company: call.company) { tag in
            (project.map { tag["project"]?.stringValue == $0 } ?? true) && (type.map { tag["type"]?.stringValue == $0 } ?? true)
        }, call)
    }

    static func postTag(_ call: SimCall, _ state: inout SimState) throws -> JSON {
        let body = try call.object()
        if call.configuration.strict { try SimStrictness.rejectUnknown(body, allowed: SimStrictness.tagProperties) }
        let name = try requiredString(body, "name")
        let projectID = try requiredString(body, "project")
        _ = try project(projectID, call, state)
        let duplicate = state.tags.all(company: call.company) {
            $0["project"]?.stringValue == projectID && $0["name"]?.stringValue?.lowercased() == name.lowercased()
        }
        guard duplicate.isEmpty else { throw SimError.conflict("Tag with this name already exists in the project") }
        let tag: JSONObject = [
            "_id": .string(state.newID()), "company": .string(call.company), "project": .string(projectID),
            "name": .string(name), "type": .string(try optionalString(body, "type") ?? "BUG"),
            "color": .string(try optionalString(body, "color") ?? "#6B7280"), "createdAt": SimState.timestamp(call.now),
        ]
        state.tags.insert(tag)
        return .object(tag)
    }
}
