import Foundation
import JSON
import Rules
import Sniffer
import Store

extension ActionExecutor {
    /// `search_bugs`: the top hits of `GET /bugs/search`, one line each; the
    /// text is the action's result and its output's `results`, which a
    /// later `follow_up` shows as `{{ steps.<id>.results }}`.
    func searchBugs(_ search: Action.SearchBugs, _ context: Context) async throws(Stop) -> DeliveryOutcome {
        let hits = try value(await client.searchBugs(search.query, project: search.project ?? defaultProject), "GET /bugs/search")
        guard !hits.isEmpty else { return .done(result: "No bug matches.") }
        let lines = hits.prefix(max(1, search.limit)).map { bug in
            "• \(Self.slackLink(links, id: bug.id, number: bug.number)) \(bug.summary)"
        }
        return .done(result: lines.joined(separator: "\n"))
    }

    /// `follow_up`: once the rule's earlier actions for the same event are
    /// finished, posts `success` (or `failure` when one of them was given up)
    /// to `response_url`. Both were rendered with the earlier actions'
    /// results (`steps`) and, for `failure`, the `error` before this runs
    /// (`ActionExecutor+Steps`).
    func followUp(_ followUp: Action.FollowUp, _ context: Context) async throws(Stop) -> DeliveryOutcome {
        guard let slack else { return .permanent(message: "follow_up: this gateway has no outbound client for Slack") }
        guard !followUp.url.isEmpty else { return .done(result: "skipped: the command has no response_url") }
        let earlier = try await earlierActions(context)
        if earlier.contains(where: { $0.outbox.state == .pending || $0.outbox.state == .inFlight }) {
            // Actions of one dedup key run in order, so this only waits on another key's queue.
            return .retryable(.failure(.other), message: "follow_up: waiting for the command's other actions")
        }
        let failed = earlier.contains(where: \.wasGivenUp)
        let text = failed ? followUp.failure : followUp.success
        let commandAt = Date(timeIntervalSince1970: TimeInterval(context.outbox.createdAt) / 1000)
        let now = Date(timeIntervalSince1970: TimeInterval(context.now) / 1000)
        switch await slack.post(text, visibility: followUp.visibility, to: followUp.url, commandAt: commandAt, now: now) {
        case .posted: return .done(result: "posted to response_url: \(text)")
        case .skipped(let why): return .done(result: "skipped: \(why)")
        case .retryable(let outcome, let message): return .retryable(outcome, message: message)
        case .refused(let message): return .permanent(message: message)
        }
    }

    /// One earlier action of the same event and rule, decoded.
    struct EarlierAction {
        let outbox: OutboxAction
        let action: Action

        /// Dead-lettered, or dropped by an operator: it will not run.
        var wasGivenUp: Bool { outbox.state == .dead || outbox.state == .dropped }
    }

    /// The actions recorded before this one for the same event by the same rule.
    func earlierActions(_ context: Context) async throws(Stop) -> [EarlierAction] {
        let outbox = context.outbox
        guard outbox.sequence > 0 else { return [] }
        let rows: [OutboxAction]
        do { rows = try await store.actions(ofEvent: outbox.eventID) } catch {
            throw Stop(outcome: .storeFailed(message: "store: \(error)"))
        }
        return rows.compactMap { row in
            guard row.sequence < outbox.sequence,
                let action = try? ActionCodec.decode(row.payload), action.rule == context.action.rule
            else { return nil }
            return EarlierAction(outbox: row, action: action)
        }
    }

    /// A bug named for Slack: `<page|bug #42>` with a web URL, else `bug #42` and no link.
    static func slackLink(_ links: SnifferBugLinks, id: String, number: Int64?) -> String {
        let name = SnifferBugLinks.name(id: id, number: number)
        return links.url(id: id, number: number).map { "<\($0)|\(name)>" } ?? name
    }

    /// `bug 65f0…` or `bug 65f0…: status …` (the results this executor records) -> `65f0…`.
    static func bugID(inResult result: String) -> String? {
        guard result.hasPrefix("bug ") else { return nil }
        let id = result.dropFirst(4).prefix { $0 != " " && $0 != ":" }
        return id.isEmpty ? nil : String(id)
    }

    /// Why `entry` was given up, for a person: the delivery error without the retry bookkeeping.
    static func plainError(_ entry: EarlierAction) -> String {
        guard entry.outbox.state == .dead else { return "\(entry.action.kind.name) was cancelled by an operator" }
        let message = entry.outbox.lastError ?? "\(entry.action.kind.name) failed"
        return "\(entry.action.kind.name.replacingOccurrences(of: "_", with: " ")) failed: \(message)"
    }
}
