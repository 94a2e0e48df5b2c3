import Foundation
import JSON
import Rules
import Sniffer
import Store

extension ActionExecutor {
    /// `search_bugs`: the top hits of `GET /bugs/search`, one line each; the
    /// text is the action's result, which a later `follow_up` shows as `{results}`.
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
    /// to `response_url`, with `{bug.id}`, `{bug.number}`, `{bug.url}`,
    /// `{bug.link}`, `{bug.summary}`, `{results}` and `{error}` filled in
    /// from their results (and from the bug itself, read when the text needs
    /// its number).
    func followUp(_ followUp: Action.FollowUp, _ context: Context) async throws(Stop) -> DeliveryOutcome {
        guard let slack else { return .permanent(message: "follow_up: this gateway has no outbound client for Slack") }
        guard !followUp.url.isEmpty else { return .done(result: "skipped: the command has no response_url") }
        let earlier = try await earlierActions(context)
        if earlier.contains(where: { $0.outbox.state == .pending || $0.outbox.state == .inFlight }) {
            // Actions of one dedup key run in order, so this only waits on another key's queue.
            return .retryable(.failure(.other), message: "follow_up: waiting for the command's other actions")
        }
        var bug = Self.bugValues(earlier)
        let template = earlier.contains { $0.outbox.state == .dead || $0.outbox.state == .dropped } ? followUp.failure : followUp.success
        if let id = bug.id, ["{bug.number}", "{bug.url}", "{bug.link}"].contains(where: template.contains) {
            switch await client.bug(id: id) {
            case .success(let found):
                bug.number = found.number
                if bug.summary == nil { bug.summary = found.summary }
            case .notFound: break
            case let other: _ = try value(other, "GET /bug")
            }
        }
        let text = Self.followUpText(followUp, earlier: earlier, bug: bug, links: links)
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

    /// What a follow-up knows of the bug its command filed or changed.
    struct BugValues {
        var id: String?
        var number: Int64?
        var summary: String?
    }

    /// The bug of the earlier actions: the first one a result names, and the summary a create filed it with.
    static func bugValues(_ earlier: [EarlierAction]) -> BugValues {
        var bug = BugValues()
        for entry in earlier {
            if bug.id == nil, let id = bugID(inResult: entry.outbox.result ?? "") ?? entry.action.bugID { bug.id = id }
            if case .createBug(let create) = entry.action.kind, let summary = create.fields.summary { bug.summary = summary }
        }
        return bug
    }

    /// The text to post: `failure` with `{error}` when an earlier action was
    /// given up, else `success`; placeholders filled from the earlier results.
    static func followUpText(_ followUp: Action.FollowUp, earlier: [EarlierAction], bug: BugValues, links: SnifferBugLinks)
        -> String
    {
        var values: [String: String] = [
            "{bug.id}": bug.id ?? "", "{bug.number}": bug.number.map(String.init) ?? "", "{bug.url}": "",
            "{bug.link}": "", "{bug.summary}": bug.summary ?? "", "{results}": "", "{error}": "",
        ]
        if let id = bug.id {
            values["{bug.url}"] = links.url(id: id, number: bug.number) ?? ""
            values["{bug.link}"] = slackLink(links, id: id, number: bug.number)
        }
        for entry in earlier {
            if case .searchBugs = entry.action.kind { values["{results}"] = entry.outbox.result ?? "" }
        }
        let failed = earlier.first { $0.outbox.state == .dead || $0.outbox.state == .dropped }
        var text = followUp.success
        if let failed {
            values["{error}"] = plainError(failed)
            text = followUp.failure
        }
        for (placeholder, value) in values { text = text.replacingOccurrences(of: placeholder, with: value) }
        return text
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
