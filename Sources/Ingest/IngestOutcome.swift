import HTTP
import Rules
import Store
import Webhooks

/// What one `POST /hooks/<source>` came to: the one value its answer
/// (`response`), its metrics and its log line are made from.
package enum IngestOutcome: Sendable {
    /// Refused before anything was stored: a bad signature or body (401, 400, 415).
    case refused(WebhookError)
    /// Answered without storing anything (GitHub's `ping`, Slack's `ssl_check`).
    case immediate(ReceivedWebhook.ImmediateResponse)
    /// A new event, durable.
    case stored(Accepted)
    /// A redelivery of an event stored before (same source and delivery id); nothing was written.
    case duplicate(Accepted)
    /// Not durable: the sender must try again (503).
    case storeFailed(StoreError)

    /// What the answer says of an accepted event.
    package struct Accepted: Sendable {
        /// The stored event's id.
        package var id: Int64
        /// How many rules want the event (`nil`: the rules were not evaluated at ingest).
        package var matched: Int?
        /// For a source whose answer a person reads (`WebhookSource.answersWithReply`):
        /// the first matching rule's reply, `.some(nil)` when none replied. `nil` for the others.
        package var reply: Action.Reply??

        package init(id: Int64, matched: Int?, reply: Action.Reply??) {
            self.id = id
            self.matched = matched
            self.reply = reply
        }
    }

    /// The HTTP answer.
    package var response: HTTPResponse {
        switch self {
        case .refused(let error): return error.response()
        case .immediate(let immediate): return IngestResponse.immediate(immediate)
        case .stored(let accepted), .duplicate(let accepted):
            if let reply = accepted.reply { return IngestResponse.slackReply(reply) }
            return IngestResponse.accepted(id: accepted.id, duplicate: isDuplicate, matched: accepted.matched)
        case .storeFailed(let error): return IngestResponse.storeFailed(error)
        }
    }

    /// The answer's status, without building it.
    package var status: Int {
        switch self {
        case .refused(let error): return error.status
        case .immediate(let immediate): return immediate.status
        case .stored(let accepted): return accepted.reply == nil ? 202 : 200
        case .duplicate: return 200
        case .storeFailed: return 503
        }
    }

    package var isDuplicate: Bool {
        if case .duplicate = self { return true }
        return false
    }
}
