import JSON

/// Where a mapping's own bug fields go (`platform` and `[rule.actions.fields]`):
/// `[sniffer] custom_fields`.
///
/// The reference's `POST /bug` shows only summary, description, project,
/// bugStatus, severity, type, bugFor, tags and assignTo. An API that
/// validates strictly answers 400 to anything else, so by default the
/// other fields are written into the description, as a short "Details"
/// block; `topLevel` sends them as properties of their own, for a Sniffer
/// that accepts them.
package enum CustomFieldPlacement: String, Sendable, Equatable, CaseIterable {
    case details
    case topLevel = "top_level"

    /// `description` followed by a "Details" block listing `fields` in the order the mapping gives them.
    static func describe(_ description: String?, with fields: JSONObject) -> String? {
        guard !fields.isEmpty else { return description }
        var lines = ["**Details**"]
        for key in fields.keys {
            guard let value = fields[key], !value.isNull else { continue }
            lines.append("- \(key): \(value.stringValue ?? value.serialized())")
        }
        guard lines.count > 1 else { return description }
        let block = lines.joined(separator: "\n")
        guard let description, !description.isEmpty else { return block }
        return description.hasSuffix("\n") ? description + "\n" + block : description + "\n\n" + block
    }
}
