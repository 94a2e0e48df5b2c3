import JSON

/// Checks a JSON value against the subset of JSON Schema the admin API's
/// OpenAPI document uses: `$ref` into `components.schemas`, `allOf`,
/// `type` (one or a list), `required`, `properties`, `additionalProperties`, `items`, `enum`.
struct OpenAPISchemaCheck {
    let document: JSON

    /// What is wrong with `value` under `schema`, each with its JSON path; empty when it conforms.
    func problems(_ value: JSON, _ schema: JSON, at path: String = "$") -> [String] {
        if let ref = schema["$ref"]?.stringValue {
            guard let resolved = resolve(ref) else { return ["\(path): unresolvable $ref \(ref)"] }
            return problems(value, resolved, at: path)
        }
        var found: [String] = []
        for part in schema["allOf"]?.arrayValue ?? [] { found += problems(value, part, at: path) }
        if let types = Self.types(schema["type"]), !types.contains(where: { Self.matches(value, $0) }) {
            return found + ["\(path): \(value.typeName) is not \(types.joined(separator: " or "))"]
        }
        if let allowed = schema["enum"]?.arrayValue, !allowed.contains(value) {
            found.append("\(path): \(value.serialized()) is not one of \(JSON.array(allowed).serialized())")
        }
        if case .object(let object) = value {
            for key in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where object[key] == nil {
                found.append("\(path): '\(key)' is required")
            }
            let properties = schema["properties"]?.objectValue ?? JSONObject()
            for (key, property) in properties {
                if let member = object[key] { found += problems(member, property, at: "\(path).\(key)") }
            }
            if let additional = schema["additionalProperties"], case .object = additional {
                for (key, member) in object where properties[key] == nil {
                    found += problems(member, additional, at: "\(path).\(key)")
                }
            }
        }
        if case .array(let items) = value, let itemSchema = schema["items"] {
            for (index, item) in items.enumerated() { found += problems(item, itemSchema, at: "\(path)[\(index)]") }
        }
        return found
    }

    /// `#/components/schemas/Name`.
    func resolve(_ ref: String) -> JSON? {
        let prefix = "#/components/schemas/"
        guard ref.hasPrefix(prefix) else { return nil }
        return document["components"]?["schemas"]?[String(ref.dropFirst(prefix.count))]
    }

    /// Every `$ref` in the document that does not resolve.
    func unresolvedReferences(in value: JSON? = nil) -> [String] {
        switch value ?? document {
        case .object(let object):
            var found: [String] = []
            for (key, member) in object {
                if key == "$ref", let ref = member.stringValue, resolve(ref) == nil { found.append(ref) }
                found += unresolvedReferences(in: member)
            }
            return found
        case .array(let items): return items.flatMap { unresolvedReferences(in: $0) }
        default: return []
        }
    }

    static func types(_ type: JSON?) -> [String]? {
        switch type {
        case .string(let name)?: [name]
        case .array(let names)?: names.compactMap(\.stringValue)
        default: nil
        }
    }

    static func matches(_ value: JSON, _ type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("integer", .int), ("number", .int), ("number", .double),
            ("string", .string), ("array", .array), ("object", .object):
            true
        default: false
        }
    }
}
