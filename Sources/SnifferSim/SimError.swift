import JSON

/// An error answer in the reference's shape: `{"statusCode","message","error"}`.
struct SimError: Error, Sendable {
    var status: Int
    var message: String
    var headers: [(String, String)] = []
    /// A validation failure's messages, answered as a list the way NestJS's
    /// validation pipe does (`message` is then the list joined).
    var messages: [String]? = nil

    static func badRequest(_ message: String) -> SimError { SimError(status: 400, message: message) }
    static func notFound(_ message: String) -> SimError { SimError(status: 404, message: message) }
    static func conflict(_ message: String) -> SimError { SimError(status: 409, message: message) }
    static func unauthorized(_ message: String) -> SimError { SimError(status: 401, message: message) }
    static func validation(_ messages: [String]) -> SimError {
        SimError(status: 400, message: messages.joined(separator: "; "), messages: messages)
    }

    /// The reason phrase NestJS puts in `error`.
    static func reason(_ status: Int) -> String {
        switch status {
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 408: return "Request Timeout"
        case 409: return "Conflict"
        case 413: return "Payload Too Large"
        case 422: return "Unprocessable Entity"
        case 425: return "Too Early"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        default: return status >= 500 ? "Internal Server Error" : "Error"
        }
    }

    var body: JSON {
        let message: JSON = messages.map { .array($0.map(JSON.string)) } ?? .string(message)
        return ["statusCode": .int(Int64(status)), "message": message, "error": .string(Self.reason(status))]
    }
}
