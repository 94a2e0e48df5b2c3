import JSON

/// What the strict simulator (`Configuration.strict`) accepts in a body: the
/// properties the reference's examples show and nothing else, answered the
/// way a NestJS API with a whitelisting validation pipe answers
/// (`{"statusCode":400,"message":["property x should not exist"],...}`).
enum SimStrictness {
    /// `POST /bug`: the reference's example, plus the configured integration fields.
    static func bugProperties(_ configuration: SnifferSimulator.Configuration) -> Set<String> {
        [
            "summary", "description", "project", "bugStatus", "severity", "type", "bugFor", "tags", "assignTo",
            configuration.integrationKeyField, configuration.integrationPlatformField,
        ]
    }

    /// `PATCH /bug/:id` and `PATCH /bugs`: what a create may set but the project, and `isArchived`.
    static func patchProperties(_ configuration: SnifferSimulator.Configuration) -> Set<String> {
        bugProperties(configuration).subtracting(["project"]).union(["isArchived"])
    }

    /// `POST /comment`, as the reference's example shows it.
    static let commentProperties: Set<String> = ["bug", "text", "type"]

    /// `POST /tag`: a name in a project; `type` and `color` as the tag documents carry them.
    static let tagProperties: Set<String> = ["name", "project", "type", "color"]

    /// A 400 listing every property outside `allowed`, in the order sent.
    static func rejectUnknown(_ body: JSONObject, allowed: Set<String>) throws {
        let unknown = body.keys.filter { !allowed.contains($0) }
        guard !unknown.isEmpty else { return }
        throw SimError.validation(unknown.map { "property \($0) should not exist" })
    }

    /// A 400 unless every entry of `tags` is the id of a tag of `project`.
    static func requireTagIDs(_ tags: [JSON], project: String, _ call: SimCall, _ state: SimState) throws {
        for tag in tags {
            guard let id = tag.stringValue else { continue }
            let known = state.tags.get(id, company: call.company).map { $0["project"]?.stringValue == project } ?? false
            guard known else {
                throw SimError.validation(["each value in tags must be the id of a tag of the project (\"\(id)\" is not)"])
            }
        }
    }
}
