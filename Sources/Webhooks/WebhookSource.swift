import Foundation
import HTTP

/// One sender's webhook protocol: how to authenticate a delivery and how to
/// turn it into an `ReceivedWebhook`.
///
/// The router calls `verify` first (signatures cover the raw body bytes, so
/// nothing is parsed before it), then `decode`; `receive` does both. Both are
/// pure: the clock comes in as `now`.
public protocol WebhookSource: Sendable {
    /// The source's name, also its path: `POST /hooks/<name>`.
    var name: String { get }

    /// Whether the sender shows the answer's body to a person (Slack's slash
    /// commands): the answer then carries the first matching rule's reply
    /// instead of the stored event's id. `false` unless a source says so.
    var answersWithReply: Bool { get }

    /// Checks the signature or token. Throws a 401 `WebhookError` whose
    /// message names the problem without revealing any secret.
    func verify(_ request: HTTPRequest, now: Date) throws(WebhookError)

    /// Reads the event name, delivery id and payload. Throws 400 (or 415 for
    /// a content type the source never sends) naming the problem.
    func decode(_ request: HTTPRequest) throws(WebhookError) -> ReceivedWebhook
}

extension WebhookSource {
    public var answersWithReply: Bool { false }

    /// `verify`, then `decode`.
    public func receive(_ request: HTTPRequest, now: Date) throws(WebhookError) -> ReceivedWebhook {
        try verify(request, now: now)
        return try decode(request)
    }
}
