import Foundation
import JSON
import Outbound

extension SnipeITClient {
    /// Snipe-IT's throttle window: the wait assumed when a rate-limited
    /// answer does not say how long (every version since 5.4 sends no
    /// `Retry-After` with its 429).
    public static var defaultRateLimitWait: Duration { .seconds(60) }

    /// Classifies one answer. The order matters: the HTTP statuses that mean
    /// the same whatever the body (401, 429, redirects, 5xx) first, then the
    /// body, whose envelope `status` decides a 2xx.
    func classify(_ response: OutboundResponse, what: String) -> SnipeITOutcome<SnipeITReply> {
        let status = response.status
        let json = try? JSON(parsing: response.body)
        switch status {
        case 401:
            return .tokenRejected(message: redact("\(what): 401 \(summary(json, response))"))
        case 429:
            return .rateLimited(retryAfter: retryAfter(response))
        case 300..<400:
            return .invalidResponse(redirect(response, what: what))
        case 408, 425, 500..<600:
            let message = redact("\(what): \(status) \(summary(json, response))")
            return .retryable(SnipeITRetryableFailure(status: status, message: message))
        default:
            break
        }
        guard let json else {
            if Self.looksLikeHTML(response) {
                return .invalidResponse(
                    "\(what): answered an HTML page (\(status)) where JSON was expected; is the base URL the Snipe-IT "
                        + "instance, and is the Accept header reaching it (a proxy or single sign-on page in front)?")
            }
            if (400..<500).contains(status) {
                return .clientError(status: status, messages: .text(redact(summary(nil, response))))
            }
            return .invalidResponse("\(what): \(status) answered \(response.body.count) bytes that are not JSON")
        }
        let envelope = Self.envelope(json)
        if (400..<500).contains(status) {
            let messages = envelope?.messages ?? .text(summary(json, response))
            // Before 5.4 Snipe-IT rendered an HTTP error it had no case for as a 405 whose messages are the
            // status: a throttle's 429 came out as 405 with `"messages": 429`.
            if status == 405, case .text("429") = messages { return .rateLimited(retryAfter: Self.defaultRateLimitWait) }
            return .clientError(status: status, messages: messages.mapText(redact))
        }
        guard (200..<300).contains(status) else {
            return .invalidResponse("\(what): unexpected status \(status)")
        }
        switch envelope {
        case (true, let messages)?:
            return .success(.success(payload: json["payload"] ?? .null, messages: messages.mapText(redact)))
        case (false, let messages)?:
            if Self.saysTooManyRequests(messages) { return .rateLimited(retryAfter: Self.defaultRateLimitWait) }
            return .success(.error(messages.mapText(redact)))
        case nil:
            return .success(.document(json))
        }
    }

    /// `(succeeded, messages)` when `json` is the envelope: an object whose
    /// `status` is `success` or `error` beside `messages` or `payload`. No
    /// document Snipe-IT returns bare has that pair.
    static func envelope(_ json: JSON) -> (succeeded: Bool, messages: SnipeITMessages)? {
        guard let object = json.objectValue, object["messages"] != nil || object["payload"] != nil else { return nil }
        switch object["status"]?.stringValue {
        case "success": return (true, SnipeITMessages(object["messages"]))
        case "error": return (false, SnipeITMessages(object["messages"]))
        default: return nil
        }
    }

    /// Whether a 200 error envelope is the throttle speaking (see `SnipeITOutcome.rateLimited`).
    static func saysTooManyRequests(_ messages: SnipeITMessages) -> Bool {
        guard case .text(let text) = messages else { return false }
        let lower = text.lowercased()
        return lower.contains("too many requests") || lower.contains("too many attempts")
            || text.trimmingCharacters(in: .whitespaces) == "429"
    }

    /// The wait a rate-limited answer asks for: `Retry-After` in seconds or
    /// as an HTTP date, else `defaultRateLimitWait`.
    func retryAfter(_ response: OutboundResponse) -> Duration {
        guard let header = response.header("Retry-After"), let wait = RetryAfter.delay(header, now: clock.date) else {
            return Self.defaultRateLimitWait
        }
        return wait
    }

    private func redirect(_ response: OutboundResponse, what: String) -> String {
        let location = response.header("Location").map(Self.pathOf) ?? "no Location"
        let toLogin = location.hasSuffix("/login") || location.contains("/login?")
        if toLogin || Self.looksLikeHTML(response) {
            return "\(what): answered an HTML page (\(response.status) to \(location)); "
                + "is the Accept header being stripped by a proxy?"
        }
        return "\(what): answered a redirect (\(response.status) to \(location)) where JSON was expected; "
            + "is the base URL right (http:// sent to https://, a missing path prefix)?"
    }

    /// A short, safe account of a body for a message: the envelope's
    /// messages, Laravel's `message` or `error`, or the size of what came.
    private func summary(_ json: JSON?, _ response: OutboundResponse) -> String {
        if let json {
            if let envelope = Self.envelope(json) { return envelope.messages.description }
            if let text = json["message"]?.stringValue ?? json["error"]?.stringValue { return text }
        }
        if Self.looksLikeHTML(response) { return "(an HTML page)" }
        return response.body.isEmpty ? "(empty body)" : "(\(response.body.count) bytes)"
    }

    func redact(_ text: String) -> String {
        configuration.token.redact(text)
    }

    /// Whether the answer is an HTML page: said so by its `Content-Type`, or
    /// its first non-blank byte is `<`.
    static func looksLikeHTML(_ response: OutboundResponse) -> Bool {
        if let type = response.header("Content-Type")?.lowercased(), type.contains("html") { return true }
        let first = response.body.first { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
        return first == UInt8(ascii: "<")
    }

    /// `https://host/login?x` -> `/login?x`; a relative location as it is.
    static func pathOf(_ location: String) -> String {
        guard let scheme = location.range(of: "://") else { return location }
        let rest = location[scheme.upperBound...]
        return rest.firstIndex(of: "/").map { String(rest[$0...]) } ?? "/"
    }
}
