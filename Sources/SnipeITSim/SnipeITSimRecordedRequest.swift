import HTTP
import JSON

/// One request the simulator received, as `GET /_sim/requests` shows it.
public struct SnipeITSimRecordedRequest: Sendable, Equatable {
    public var method: String
    public var target: String
    /// Header fields by lower-cased name; `Authorization` shows its scheme only (`Bearer ***`).
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
            let name = field.name.lowercased()
            if name == "authorization" {
                headers[name] = (field.value.split(separator: " ").first.map(String.init) ?? "") + " ***"
            } else {
                headers[name] = field.value
            }
        }
        self.headers = headers
        body = String(decoding: request.body, as: UTF8.self)
        self.status = status
        self.fault = fault
    }

    public var json: JSON {
        var fields = JSONObject()
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { fields[name] = .string(value) }
        var object: JSONObject = [
            "method": .string(method), "target": .string(target), "headers": .object(fields), "body": .string(body),
            "status": .int(Int64(status)),
        ]
        if let fault { object["fault"] = .int(Int64(fault)) }
        return .object(object)
    }
}
