import Foundation
import HTTP
import JSON

/// Request reading shared by the adapters, each step with a precise error.
extension HTTPRequest {
    /// The Content-Type's media type, lowercased, without parameters
    /// (`application/json;charset=UTF-8` -> `application/json`); `nil` when absent.
    var mediaType: String? {
        guard let value = headers["Content-Type"] else { return nil }
        let type = value.firstIndex(of: ";").map { value[..<$0] } ?? value[...]
        let trimmed = type.trimmedWhitespace().lowercased()
        return trimmed.isEmpty ? nil : trimmed
    }

    /// `true` for `application/json` and `application/*+json`.
    var isJSONMediaType: Bool { mediaType.map(Self.isJSON) ?? false }

    private static func isJSON(_ type: String) -> Bool {
        type == "application/json" || (type.hasPrefix("application/") && type.hasSuffix("+json"))
    }

    /// `true` for `application/x-www-form-urlencoded`.
    var isFormMediaType: Bool { mediaType == "application/x-www-form-urlencoded" }

    /// A header's value, trimmed; `nil` when absent or blank.
    func header(_ name: String) -> String? {
        guard let value = headers[name]?.trimmedWhitespace(), !value.isEmpty else { return nil }
        return value
    }

    /// A header that must be present and non-blank.
    func requiredHeader(_ name: String) throws(WebhookError) -> String {
        guard let value = header(name) else { throw .badRequest("missing \(name) header") }
        return value
    }

    /// Throws 415 unless the body is JSON; a request without Content-Type is read as JSON.
    func requireJSONBody(hint: String = "send Content-Type: application/json") throws(WebhookError) {
        guard let type = mediaType, !Self.isJSON(type) else { return }
        throw .unsupportedMediaType("Content-Type \(type) is not accepted: \(hint)")
    }

    /// The value of query parameter `name`, percent-decoded; `nil` when absent
    /// or when the query string is malformed.
    func queryParameter(_ name: String) -> String? {
        guard let query else { return nil }
        return try? FormURLEncoded.value(of: name, in: Array(query.utf8))
    }

    /// The body parsed as a JSON object.
    func jsonObjectBody() throws(WebhookError) -> JSONBody {
        try JSONPayload.object(from: body, what: "body")
    }
}

/// A payload parsed as a JSON object, with its bytes in stored form.
struct JSONBody {
    /// Always a JSON object.
    let payload: JSON
    /// The bytes without the whitespace between tokens (see `ReceivedWebhook.minifiedBody`).
    let minified: [UInt8]
}

/// Parsing a payload that must be a JSON object.
enum JSONPayload {
    /// `bytes` parsed as a JSON object; `what` names the bytes in errors (`body`, `form field 'payload'`).
    ///
    /// The whole payload is validated here, but its nested objects are built
    /// only when a source or a rule reads them, and the stored form comes out
    /// of the same pass (`JSON.parsingLazilyMinifying`): rules read a few
    /// fields of payloads of tens of kilobytes.
    ///
    /// A lone surrogate escape (`"\ud800"`, which some JavaScript senders
    /// produce) is accepted: refusing it would lose the event, since GitHub
    /// does not retry a refused webhook. The stored bytes keep the escape as
    /// sent; a rule that reads the string sees U+FFFD (`JSONParseLimits.webhookBody`).
    static func object(from bytes: [UInt8], what: String) throws(WebhookError) -> JSONBody {
        guard !bytes.isEmpty else { throw .badRequest("\(what) is empty: expected a JSON object") }
        let value: JSON
        let minified: [UInt8]
        do {
            (value, minified) = try JSON.parsingLazilyMinifying(bytes, limits: .webhookBody)
        } catch {
            throw .badRequest("\(what) is not valid JSON: \(error)")
        }
        guard case .object = value else {
            throw .badRequest("\(what) is a JSON \(value.typeName): expected a JSON object")
        }
        return JSONBody(payload: value, minified: minified)
    }
}
