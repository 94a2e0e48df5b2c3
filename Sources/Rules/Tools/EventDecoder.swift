import Foundation
import JSON

/// Builds an `Event` from a raw body and headers the way the source adapters
/// name events, for `dry-run` and `test` (no signature checks: there is no
/// secret to check with). The Webhooks adapters own the real decoding; this
/// follows their documented conventions for naming.
public enum EventDecoder {
    /// Why a body or a header line could not be read.
    public struct DecodeError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// `body` is JSON, or for Slack a form-encoded body (`a=b&c=d`).
    public static func event(
        source: String, body: [UInt8], headers: EventHeaders, eventName: String? = nil, receivedAt: Date = Date(timeIntervalSince1970: 0)
    ) throws(DecodeError) -> Event {
        guard MappingCompiler.sources.contains(source) else {
            throw DecodeError(description: DiagnosticMessage.unknownSource(source, known: MappingCompiler.sources))
        }
        let payload: JSON
        let looksLikeJSON = body.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }.map { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "[") } ?? false
        if source == "slack" && !looksLikeJSON {
            payload = form(String(decoding: body, as: UTF8.self))
        } else {
            do {
                payload = try JSON(parsing: body)
            } catch {
                throw DecodeError(description: "payload is not valid JSON: \(error)")
            }
        }
        let name = eventName ?? defaultName(source: source, headers: headers, payload: payload)
        return Event(
            source: source, name: name, delivery: delivery(source: source, headers: headers) ?? "dry-run",
            receivedAt: receivedAt, headers: headers, payload: payload)
    }

    static func defaultName(source: String, headers: EventHeaders, payload: JSON) -> String {
        switch source {
        case "github": return headers["X-GitHub-Event"] ?? ""
        case "gitlab": return headers["X-Gitlab-Event"] ?? payload["object_kind"]?.stringValue ?? ""
        case "jira": return payload["webhookEvent"]?.stringValue ?? ""
        case "slack": return payload["command"]?.stringValue ?? payload["type"]?.stringValue ?? ""
        case "jenkins": return "build"
        default: return payload["event"]?.stringValue ?? "pipeline"
        }
    }

    static func delivery(source: String, headers: EventHeaders) -> String? {
        switch source {
        case "github": return headers["X-GitHub-Delivery"]
        case "gitlab": return headers["Idempotency-Key"] ?? headers["X-Gitlab-Event-UUID"]
        case "jira": return headers["X-Atlassian-Webhook-Identifier"]
        default: return headers["Idempotency-Key"]
        }
    }

    /// `application/x-www-form-urlencoded` fields as a JSON object of strings.
    static func form(_ text: String) -> JSON {
        var object = JSONObject()
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                let spaced = s.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            let key = decode(parts[0])
            object[key] = .string(parts.count > 1 ? decode(parts[1]) : "")
        }
        return .object(object)
    }

    /// `Name: value` header lines (as given to `--header`).
    public static func headers(_ lines: [String]) throws(DecodeError) -> EventHeaders {
        var headers = EventHeaders()
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else {
                throw DecodeError(description: "header '\(line)' must be written 'Name: value'")
            }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { throw DecodeError(description: "header '\(line)' has no name") }
            headers.append(name, value)
        }
        return headers
    }
}
