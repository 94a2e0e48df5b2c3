import Foundation
import Rules
import Store

extension ActionExecutor {
    /// The most repeats one coalesced comment takes; more wait for the next.
    static let maxCoalesced = 5_000

    /// What a repeat of an existing bug's key comments.
    enum DuplicatePlan {
        /// Wait for the key's window to close (`coalesce`): give the action back, due then.
        case hold(until: EpochMillis)
        /// Post `text` (`nil`: nothing to post) on behalf of `repeats` events,
        /// then record `window` as the key's open window.
        case post(String?, repeats: Int, window: KeyRecord.CommentWindow?)
    }

    /// The comment for a repeat. Without `coalesce`, its own `duplicate_comment`.
    ///
    /// With it, a repeat that finds no open window comments at once and opens
    /// one, from when it was received. A repeat received while a window is
    /// open is held until the window closes; then it takes every repeat
    /// queued behind it that was received by then, in one transaction, and
    /// comments once for all of them, which opens the next window. So a
    /// storm gets one comment at once and one per window after it.
    ///
    /// What was decided survives a crash or a lost answer: the members stay
    /// recorded with their leader and the window names the action that opened
    /// it, so a retry composes the same text and `postComment` finds it on
    /// the bug instead of posting it twice.
    func duplicatePlan(_ create: Action.CreateBug, record: KeyRecord?, _ context: Context) async throws(Stop) -> DuplicatePlan {
        guard let seconds = create.coalesceSeconds else { return .post(create.duplicateComment, repeats: 1, window: nil) }
        let me = Repeat(outbox: context.outbox, create: create)
        let length = seconds * 1000
        let open = record?.commentWindow
        var members = try await stored { () throws(StoreError) in try await store.coalesced(into: me.outbox.id) }
            .compactMap(Self.repeatOf)
        if let open, open.opener == me.outbox.id {
            return Self.plan(me, members, window: open)
        }
        guard let open, me.outbox.createdAt <= open.endsAt else {
            // No window was open when it came: it comments at once, and opens one.
            return Self.plan(me, members, window: .init(opener: me.outbox.id, endsAt: me.outbox.createdAt + length))
        }
        let next = KeyRecord.CommentWindow(opener: me.outbox.id, endsAt: open.endsAt + length)
        if !members.isEmpty { return Self.plan(me, members, window: next) }
        if context.now < open.endsAt { return .hold(until: open.endsAt) }
        let queued = try await stored { () throws(StoreError) in
            try await store.queued(behind: me.outbox.id, limit: Self.maxCoalesced)
        }
        members = Self.repeats(in: queued, of: context.action.rule, until: open.endsAt)
        if !members.isEmpty {
            let ids = members.map(\.outbox.id)
            try await stored { () throws(StoreError) in try await store.coalesce(ids, into: me.outbox.id, now: context.now) }
        }
        return Self.plan(me, members, window: next)
    }

    /// `leader`'s own comment when alone, else the coalesced one.
    static func plan(_ leader: Repeat, _ members: [Repeat], window: KeyRecord.CommentWindow) -> DuplicatePlan {
        guard !members.isEmpty else { return .post(leader.create.duplicateComment, repeats: 1, window: window) }
        return .post(coalescedComment(first: leader, following: members), repeats: members.count + 1, window: window)
    }

    /// One repeat: its outbox row and the create it holds.
    struct Repeat {
        let outbox: OutboxAction
        let create: Action.CreateBug
    }

    static func repeatOf(_ outbox: OutboxAction) -> Repeat? {
        guard let action = try? ActionCodec.decode(outbox.payload), case .createBug(let create) = action.kind else { return nil }
        return Repeat(outbox: outbox, create: create)
    }

    /// The repeats at the front of `queued`: coalescing creates of `rule`
    /// received by `windowEnd`. The first other action ends them, so the
    /// key's actions still run in the order they came.
    static func repeats(in queued: [OutboxAction], of rule: String, until windowEnd: EpochMillis) -> [Repeat] {
        var repeats: [Repeat] = []
        for outbox in queued {
            guard outbox.createdAt <= windowEnd, let action = try? ActionCodec.decode(outbox.payload), action.rule == rule,
                case .createBug(let create) = action.kind, create.coalesceSeconds != nil
            else { break }
            repeats.append(Repeat(outbox: outbox, create: create))
        }
        return repeats
    }

    /// "Seen 37 more times between 10:02 and 10:04 UTC: from #512 to #548.",
    /// then the latest repeat's own comment.
    static func coalescedComment(first: Repeat, following: [Repeat]) -> String {
        let all = [first] + following
        let last = all[all.count - 1]
        var labels: [String] = []
        for label in all.compactMap({ $0.create.coalesceLabel }) where !label.isEmpty && labels.last != label {
            labels.append(label)
        }
        let named: String
        switch labels.count {
        case 0: named = ""
        case 1...5: named = ": " + labels.joined(separator: ", ")
        default: named = ": from \(labels[0]) to \(labels[labels.count - 1])"
        }
        let (from, to) = span(first.outbox.createdAt, last.outbox.createdAt)
        var text = "Seen \(all.count) more times between \(from) and \(to) UTC\(named)."
        if let latest = last.create.duplicateComment, !latest.isEmpty { text += "\n\nThe latest:\n\n" + latest }
        let limit = SnifferLimits().comment
        return text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }

    /// `HH:mm` for both times on one day, else `yyyy-MM-dd HH:mm`; in UTC.
    static func span(_ from: EpochMillis, _ to: EpochMillis) -> (String, String) {
        func parts(_ millis: EpochMillis) -> (day: String, time: String) {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
            let c = calendar.dateComponents(
                [.year, .month, .day, .hour, .minute], from: Date(timeIntervalSince1970: TimeInterval(millis) / 1000))
            func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
            return ("\(c.year ?? 1970)-\(two(c.month))-\(two(c.day))", "\(two(c.hour)):\(two(c.minute))")
        }
        let (a, b) = (parts(from), parts(to))
        return a.day == b.day ? (a.time, b.time) : ("\(a.day) \(a.time)", "\(b.day) \(b.time)")
    }

    /// A store call whose failure ends the attempt as retryable.
    func stored<T>(_ body: () async throws(StoreError) -> T) async throws(Stop) -> T {
        do { return try await body() } catch {
            throw Stop(outcome: .storeFailed(message: "store: \(error)"))
        }
    }
}
