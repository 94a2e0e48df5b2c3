import HTTP
import JSON

/// One request the simulator received, as `GET /_sim/requests` shows it.
public struct SimRecordedRequest: Sendable, Equatable {
    public var method: String
    public var target: String
    /// Header fields by lower-cased name; the `api-token` value is replaced by `***`.
    public var headers: [String: String]
    public var body: String
    /// The status answered, or 0 when the connection was dropped.
    public var status: Int
    /// The id of the fault that fired, if one did.
    public var fault: Int?

    init(request: HTTPRequest, status: Int, fault: Int?) {
        method = request.method
        target = request.target
        var headers: [String: String] = [:]
        for field in request.headers.fields {
            headers[field.name.lowercased()] = HTTPHeaders.sameName(field.name, "api-token") ? "***" : field.value
        }
        self.headers = headers
        body = String(decoding: request.body, as: UTF8.self)
        self.status = status
        self.fault = fault
    }

    public var json: JSON {
        var h = JSONObject()
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { h[name] = .string(value) }
        var o: JSONObject = [
            "method": .string(method), "target": .string(target), "headers": .object(h), "body": .string(body),
            "status": .int(Int64(status)),
        ]
        if let fault { o["fault"] = .int(Int64(fault)) }
        return .object(o)
    }
}
