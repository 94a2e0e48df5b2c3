import JSON
import Outbound
import Telemetry

/// The Sniffer API client: typed calls over any `HTTPTransport`, the
/// reference's envelope, pagination and errors decoded into `SnifferOutcome`s.
///
/// The token travels only in the `api-token` header; every message the client
/// produces passes through `Secret.redact`.
public final class SnifferClient: Sendable {
    public let configuration: SnifferConfiguration
    let transport: any HTTPTransport
    let base: String
    /// Status name to id, per project.
    public let statusCache = SnifferNameCache()
    /// Tag name to id, per project.
    public let tagCache = SnifferNameCache()
    /// Tags are created one at a time, so a tag two deliveries miss together is created once.
    let tagCreation = SnifferSerialGate()

    public init(configuration: SnifferConfiguration, transport: any HTTPTransport) {
        self.configuration = configuration
        self.transport = transport
        var base = configuration.baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.base = base
    }

    /// One call: `path` is already escaped (ids go through `escape`);
    /// answers `data.localData` of the envelope.
    func call(
        _ method: String, _ path: String, query: [(String, String)] = [], body: JSON? = nil
    ) async -> SnifferOutcome<JSON> {
        var url = base + path
        if !query.isEmpty {
            url += "?" + query.map { PercentEncoding.escape($0.0) + "=" + PercentEncoding.escape($0.1) }.joined(separator: "&")
        }
        var headers: [(name: String, value: String)] = [
            (name: "api-token", value: configuration.token.reveal()), (name: "Accept", value: "application/json"),
        ]
        var bytes: [UInt8] = []
        if let body {
            headers.append((name: "Content-Type", value: "application/json"))
            bytes = body.serializedBytes()
        }
        var request = OutboundRequest(method: method, url: url, headers: headers, body: bytes, timeout: configuration.timeout)
        request.freshConnection = configuration.freshConnectionForPOST && method == "POST"
        switch await transport.send(request) {
        case .failure(let failure):
            let redacted = TransportFailure(failure.kind, configuration.token.redact(failure.message))
            return .retryable(SnifferRetryableFailure(
                status: nil, transportFailure: redacted, message: "\(method) \(path): \(redacted)"))
        case .success(let response):
            return decode(response, what: "\(method) \(path)")
        }
    }

    /// Classifies an answer: 2xx envelope, or the reference's error shape.
    func decode(_ response: OutboundResponse, what: String) -> SnifferOutcome<JSON> {
        let json = try? JSON(parsing: response.body)
        if (200..<300).contains(response.status) {
            guard let json, let data = json["data"], data.objectValue != nil else {
                return .invalidResponse("\(what): \(response.status) without the {status, data} envelope")
            }
            guard let local = data["localData"] else {
                return .invalidResponse("\(what): envelope without data.localData")
            }
            return .success(local)
        }
        let error = apiError(json, status: response.status)
        switch response.status {
        case 401: return .tokenRejected(message: error.message)
        case 404: return .notFound(error)
        case 409: return .conflict(error)
        case 408, 425, 429, 500...599:
            return .retryable(SnifferRetryableFailure(
                status: response.status, retryAfter: response.header("Retry-After"), message: "\(what): \(error)"))
        case 400..<500: return .clientError(error)
        default: return .invalidResponse("\(what): unexpected status \(response.status)")
        }
    }

    private func apiError(_ json: JSON?, status: Int) -> SnifferAPIError {
        let reason = json?["error"]?.stringValue ?? Self.reason(status)
        var message = reason
        if let text = json?["message"]?.stringValue {
            message = text
        } else if let list = json?["message"]?.arrayValue {
            // NestJS validation answers a list of messages.
            message = list.compactMap(\.stringValue).joined(separator: "; ")
        }
        return SnifferAPIError(
            statusCode: status, message: configuration.token.redact(message), error: configuration.token.redact(reason))
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 409: return "Conflict"
        case 429: return "Too Many Requests"
        default: return status >= 500 ? "Server Error" : "HTTP \(status)"
        }
    }


    func decodeBug(_ json: JSON) -> Result<SnifferBug, SnifferDecodingError> {
        SnifferBug.decode(json, keyField: configuration.integrationKeyField, platformField: configuration.integrationPlatformField)
    }
}
