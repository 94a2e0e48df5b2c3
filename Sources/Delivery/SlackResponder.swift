import Foundation
import JSON
import Outbound
import Rules
import Synchronization

/// Posts delayed answers to a Slack command's `response_url` with the
/// outbound client, within Slack's limits on that URL: at most 5 posts, within
/// 30 minutes of the command. A post past either limit is skipped, not retried.
package final class SlackResponder: Sendable {
    /// Slack's limits on one `response_url`.
    package static let maxPosts = 5
    package static let lifetime: TimeInterval = 30 * 60

    let transport: any HTTPTransport
    /// Posts made per `response_url`, with when each was made (pruned after `lifetime`).
    private let posts = Mutex<[String: [Date]]>([:])

    package init(transport: any HTTPTransport) {
        self.transport = transport
    }

    /// How one post ended.
    package enum PostResult: Sendable, Equatable {
        case posted
        /// Not sent: the URL's 5 posts are used up, or the command is older than 30 minutes.
        case skipped(String)
        /// A 5xx, 429 or transport failure: worth retrying.
        case retryable(RetryPolicy.Outcome, String)
        /// A 4xx other than 429: the URL will never take it.
        case refused(String)
    }

    /// Posts `text` to `url` for a command received at `commandAt`.
    package func post(_ text: String, visibility: Action.Visibility, to url: String, commandAt: Date, now: Date) async
        -> PostResult
    {
        if now.timeIntervalSince(commandAt) > Self.lifetime {
            return .skipped("response_url expired (Slack accepts posts for 30 minutes)")
        }
        let reserved = posts.withLock { table -> Bool in
            let recent = (table[url] ?? []).filter { now.timeIntervalSince($0) <= Self.lifetime }
            guard recent.count < Self.maxPosts else {
                table[url] = recent
                return false
            }
            table[url] = recent + [now]
            // Forget URLs whose window is over, so the table stays small.
            if table.count > 1_000 { table = table.filter { !$0.value.allSatisfy { now.timeIntervalSince($0) > Self.lifetime } } }
            return true
        }
        guard reserved else { return .skipped("response_url already used \(Self.maxPosts) times (Slack's limit)") }
        let body: JSON = ["response_type": .string(visibility.rawValue), "text": .string(text), "replace_original": false]
        let request = OutboundRequest(
            method: "POST", url: url, headers: [(name: "Content-Type", value: "application/json")],
            body: body.serializedBytes(), timeout: .seconds(10))
        let outcome = await transport.send(request)
        switch outcome {
        case .success(let response) where (200..<300).contains(response.status):
            return .posted
        case .success(let response):
            let retry = RetryPolicy.Outcome(outcome)
            let message = "response_url answered \(response.status)"
            if response.status == 429 || response.status >= 500 { return .retryable(retry, message) }
            return .refused(message)
        case .failure(let failure):
            return .retryable(RetryPolicy.Outcome(outcome), "response_url: \(failure)")
        }
    }
}
