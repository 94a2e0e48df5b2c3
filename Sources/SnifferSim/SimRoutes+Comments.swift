import JSON

/// Comments on bugs.
extension SimRoutes {
    static func postComment(_ call: SimCall, _ state: inout SimState) throws -> JSON {
        let body = try call.object()
        if call.configuration.strict { try SimStrictness.rejectUnknown(body, allowed: SimStrictness.commentProperties) }
        let bugID = try requiredString(body, "bug")
        let text = try requiredString(body, "text")
        let type = try optionalString(body, "type") ?? "COMMENT"
        guard let bug = state.bugs.get(bugID, company: call.company) else { throw SimError.notFound("Bug not found") }
        let comment: JSONObject = [
            "_id": .string(state.newID()), "company": .string(call.company), "bug": .string(bugID),
            "project": bug["project"] ?? .null, "text": .string(text), "type": .string(type),
            "createdAt": SimState.timestamp(call.now), "updatedAt": SimState.timestamp(call.now),
        ]
        state.comments.insert(comment)
        return .object(comment)
    }

    static func listComments(_ call: SimCall, _ state: SimState) throws -> JSON {
        let bug = call.query["bug"], project = call.query["project"]
        if let bug, state.bugs.get(bug, company: call.company) == nil { throw SimError.notFound("Bug not found") }
        return try page(state.comments.all(company: call.company) { comment in
            (bug.map { comment["bug"]?.stringValue == $0 } ?? true)
                && (project.map { comment["project"]?.stringValue == $0 } ?? true)
        }, call)
    }
}
