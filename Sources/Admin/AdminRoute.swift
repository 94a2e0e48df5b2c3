import Config
import HTTP
import JSON

/// One endpoint of the admin API: a method, a path pattern under
/// `/admin/api/v1` whose `{id}` segments are positive integers, the scope
/// it needs and the query parameters it knows.
package struct AdminRoute: Sendable {
    package enum Segment: Sendable, Equatable {
        case literal(String)
        case id
    }

    package let method: String
    /// As the OpenAPI document writes it: `/deliveries/{id}/retry`.
    package let path: String
    let segments: [Segment]
    let scope: BridgeConfig.AdminScope
    let query: [String]
    let handler: @Sendable (AdminCall) async throws(HTTPError) -> AdminReply

    init(
        _ method: String, _ path: String, scope: BridgeConfig.AdminScope = .read, query: [String] = [],
        _ handler: @escaping @Sendable (AdminCall) async throws(HTTPError) -> AdminReply
    ) {
        self.method = method
        self.path = path
        segments = path.split(separator: "/").map { $0 == "{id}" ? .id : .literal(String($0)) }
        self.scope = scope
        self.query = query
        self.handler = handler
    }

    /// The ids of `parts` when the route's pattern fits them (an id segment
    /// takes any text: its handler refuses one that is not a number); `nil` otherwise.
    func match(_ parts: [Substring]) -> [Substring]? {
        guard parts.count == segments.count else { return nil }
        var ids: [Substring] = []
        for (segment, part) in zip(segments, parts) {
            switch segment {
            case .literal(let text): if part != text { return nil }
            case .id: ids.append(part)
            }
        }
        return ids
    }

    /// How specific the pattern is: literal segments win over ids.
    var literals: Int { segments.filter { $0 != .id }.count }
}

/// One authenticated request, as a handler sees it.
package struct AdminCall: Sendable {
    package let request: HTTPRequest
    package let token: BridgeConfig.Token
    package let query: AdminQuery
    let ids: [Substring]

    /// The `index`th `{id}` of the path.
    func id(_ index: Int = 0, of noun: String) throws(HTTPError) -> Int64 {
        let text = ids.indices.contains(index) ? ids[index] : ""
        guard let id = Int64(text), id > 0 else {
            throw HTTPError(.badRequest, "'\(text)' is not \(noun) id (a positive integer)")
        }
        return id
    }

    /// The body as a JSON object with only `known` members; an empty body is `{}`.
    func body(known: [String]) throws(HTTPError) -> JSONObject {
        guard !request.body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else { return JSONObject() }
        let json: JSON
        do { json = try JSON(parsing: request.body) } catch {
            throw HTTPError(.badRequest, "the body is not JSON: \(error)")
        }
        guard case .object(let object) = json else {
            throw HTTPError(.badRequest, "the body must be a JSON object, found \(json.typeName)")
        }
        for key in object.keys where !known.contains(key) {
            throw HTTPError(.badRequest, "unknown member '\(key)' in the body (known: \(known.joined(separator: ", ")))")
        }
        return object
    }
}

/// A handler's answer: JSON, or bytes of another type (the OpenAPI document is JSON too).
package struct AdminReply: Sendable {
    package var status: Int
    package var body: [UInt8]
    package var contentType: String

    static func json(_ json: JSON, status: Int = 200) -> AdminReply {
        AdminReply(status: status, body: json.serializedBytes(), contentType: "application/json")
    }
}
