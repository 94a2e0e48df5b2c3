import Config
import Foundation
import HTTP
import Ingest
import Rules
import Webhooks

/// The `DeliveryDecoder` of `dry-run` and `test`: the gateway's source
/// adapters (`SourceRegistry`'s unverified ones: no signature check) and the dispatcher's
/// conversion (`RuleEventConversion`), so an event is named, identified and shaped as
/// `serve` would store it.
///
/// Headers a hand-written case rarely gives are filled in when absent:
/// `Content-Type` (JSON when the body starts with `{` or `[`, else a form),
/// GitHub's `X-GitHub-Delivery` (`dry-run`), and with an explicit event name
/// the GitHub/GitLab event header (the name then overrides the decoded one).
package enum OfflineDecoder {
    /// Decodes `raw`; `nil` for a delivery answered without running rules.
    package static func decode(_ raw: RawDelivery) throws(RawDelivery.DecodeError) -> RuleEvent? {
        var headers = HTTPHeaders(raw.headers.map { ($0.name, $0.value) })
        func fill(_ name: String, _ value: String) {
            if !headers.contains(name) { headers.set(name, value) }
        }
        fill("Content-Type", looksLikeJSON(raw.body) ? "application/json" : "application/x-www-form-urlencoded")
        if raw.source == GitHubSource.name { fill("X-GitHub-Delivery", "dry-run") }
        if let name = raw.eventName {
            if raw.source == GitHubSource.name { fill("X-GitHub-Event", name) }
            if raw.source == GitLabSource.name { fill("X-Gitlab-Event", name) }
        }
        let request = HTTPRequest(method: "POST", target: "/hooks/" + raw.source, headers: headers, body: raw.body)
        let adapter = try Self.adapter(raw.source)
        var inbound: ReceivedWebhook
        do { inbound = try adapter.decode(request) } catch { throw RawDelivery.DecodeError(error.message) }
        if inbound.immediateResponse != nil { return nil }
        if let name = raw.eventName { inbound.name = name }
        return RuleEventConversion.event(inbound, requestHeaders: headers, received: raw.receivedAt)
    }

    /// `source`'s adapter, for `decode` only.
    static func adapter(_ source: String) throws(RawDelivery.DecodeError) -> any WebhookSource {
        guard let entry = SourceRegistry.entry(source) else {
            throw RawDelivery.DecodeError(
                "unknown source '\(source)': expected one of \(SourceRegistry.names.joined(separator: ", "))")
        }
        do { return try entry.unverifiedAdapter() } catch { throw RawDelivery.DecodeError(error.description) }
    }

    /// The decoder as the closure `MappingTestRunner` takes.
    package static let decoder: DeliveryDecoder = { raw throws(RawDelivery.DecodeError) in try decode(raw) }

    static func looksLikeJSON(_ body: [UInt8]) -> Bool {
        guard let first = body.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) else { return true }
        return first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
    }
}
