import JSON
import Rules
import Sniffer
import SnipeIT
import Store
import Webhooks

/// Carries out one outbox action against Sniffer, using the store's table of
/// dedup key -> bug. The I/O half of delivery: it returns an outcome and
/// records nothing about the action itself (`DeliveryDecision` and the
/// scheduler do that).
///
/// Every step is safe to repeat after a crash or a lost response: a create
/// consults the local key table, then Sniffer's by-integration-key, before
/// `POST /bug`; a comment is looked for on the bug before it is posted again
/// when an earlier attempt of the same action may have posted it.
package struct ActionExecutor: Sendable {
    package let client: any SnifferAPI
    /// The key table, the outbox (earlier actions' results) and the stored
    /// events (what a deferred template renders with).
    package let store: any KeyTable & Outbox & Inbox
    /// The Snipe-IT client of the asset actions; `nil`: the config has no
    /// `[snipeit]`, and such an action (loaded before a reload removed it)
    /// fails permanently.
    package let snipeIT: (any SnipeITAPI)?
    /// `[sniffer].project`: the project of actions that name none.
    package let defaultProject: String?
    /// Status names (lower-cased) that count as resolved for `on_duplicate = "reopen"`.
    package let resolvedStatuses: Set<String>

    /// Posts `follow_up` messages to Slack's `response_url`; `nil`: follow-ups fail permanently.
    package let slack: SlackResponder?
    /// Where a mapping's own bug fields go: the description's "Details" block, or top-level properties.
    package let customFields: CustomFieldPlacement
    /// The web app's bug pages (`[sniffer] web_url`), for the links in replies.
    package let links: SnifferBugLinks

    package init(
        client: any SnifferAPI, store: any KeyTable & Outbox & Inbox, defaultProject: String?, resolvedStatuses: Set<String>,
        slack: SlackResponder? = nil, customFields: CustomFieldPlacement = .details, links: SnifferBugLinks = SnifferBugLinks(),
        snipeIT: (any SnipeITAPI)? = nil
    ) {
        self.snipeIT = snipeIT
        self.slack = slack
        self.customFields = customFields
        self.links = links
        self.client = client
        self.store = store
        self.defaultProject = defaultProject
        self.resolvedStatuses = Set(resolvedStatuses.map { $0.lowercased() })
    }

    /// The targets this executor has a client for: a target without one
    /// (Snipe-IT without `[snipeit]`) is never paused, and never counts
    /// towards "every target is paused".
    package var targets: [DeliveryTarget] { snipeIT == nil ? [.sniffer] : [.sniffer, .snipeIT] }

    /// One attempt at `outbox`, claimed at `now`.
    package func execute(_ outbox: OutboxAction, now: EpochMillis) async -> DeliveryOutcome {
        do { return await execute(outbox, action: try ActionCodec.decode(outbox.payload), now: now) } catch {
            return .permanent(message: error.description)
        }
    }

    /// One attempt at `outbox`, whose payload the caller already decoded into
    /// `action`: its fields that read `steps` rendered first, then carried
    /// out; a done outcome carries the action's output for the steps after it.
    package func execute(_ outbox: OutboxAction, action stored: Action, now: EpochMillis) async -> DeliveryOutcome {
        let action: Action
        switch await rendered(outbox, stored, now: now) {
        case .success(let ready): action = ready
        case .failure(let stop): return stop.outcome
        }
        let outcome = await carryOut(outbox, action: action, now: now)
        guard case .done(let result, nil) = outcome else { return outcome }
        return .done(result: result, output: output(of: action, result: result))
    }

    private func carryOut(_ outbox: OutboxAction, action: Action, now: EpochMillis) async -> DeliveryOutcome {
        // An earlier attempt of this very action may have reached Sniffer
        // (a crash or a lost response): look before repeating a side effect.
        let context = Context(
            outbox: outbox, action: action, now: now,
            previouslyAttempted: outbox.attempts > 0 || (outbox.firstAttemptAt ?? now) < now)
        do {
            switch action.kind {
            case .createBug(let create): return try await createBug(create, context)
            case .comment(let comment):
                guard let bug = try await existingBug(context) else {
                    return .done(result: "skipped: no bug for dedup key")
                }
                let text = comment.author.map { "\($0): \(comment.text)" } ?? comment.text
                return try await postComment(text, on: bug, skipRepeat: comment.skipRepeat, context)
            case .setStatus(let set): return try await setStatus(set, context)
            case .updateBug(let update): return try await updateBug(update, context)
            case .reply:
                // Sent as the HTTP answer to the command when it arrived (IngestHandler).
                return .done(result: "answered in the HTTP response")
            case .searchBugs(let search): return try await searchBugs(search, context)
            case .followUp(let followUp): return try await self.followUp(followUp, context)
            case .lookupAsset(let lookup): return try await lookupAsset(lookup, context)
            case .lookupUser(let lookup): return try await lookupUser(lookup, context)
            case .setAssetStatus(let set): return try await setAssetStatus(set, context)
            case .addMaintenance(let add): return try await addMaintenance(add, context)
            }
        } catch {
            return error.outcome
        }
    }

    /// What one attempt knows about itself.
    struct Context {
        let outbox: OutboxAction
        let action: Action
        let now: EpochMillis
        let previouslyAttempted: Bool
        /// The key shared with Sniffer (`integrationKey`) and the local key table.
        var dedupKey: String? { action.dedupKey }
    }

    /// A Sniffer answer that ends the attempt.
    struct Stop: Error {
        let outcome: DeliveryOutcome
    }

    /// The value of a success; any other outcome stops the attempt.
    func value<T>(_ outcome: SnifferOutcome<T>, _ what: String) throws(Stop) -> T {
        switch outcome {
        case .success(let value): return value
        case .tokenRejected(let message): throw Stop(outcome: .tokenRejected(message: message))
        case .retryable(let failure):
            throw Stop(outcome: .retryable(failure.retryOutcome, message: "\(what): \(failure)"))
        case .conflict(let error), .notFound(let error), .clientError(let error):
            throw Stop(outcome: .permanent(message: "\(what): \(error)"))
        case .invalidResponse(let message):
            // The request may have been applied; the look-ups make a retry safe.
            throw Stop(outcome: .retryable(.failure(.other), message: "\(what): \(message)"))
        }
    }

    /// The bug the action names with `bug_id`, else the one tied to its dedup
    /// key: the local table, then Sniffer's by-integration-key.
    func existingBug(_ context: Context) async throws(Stop) -> String? {
        if let reference = context.action.bugID, !reference.isEmpty { return try await bug(named: reference) }
        guard let key = context.dedupKey else { return nil }
        if let bug = try await keyRecord(key)?.bugID { return bug }
        switch await client.bug(integrationKey: key, platform: context.action.integrationPlatform, project: defaultProject) {
        case .success(let bug):
            try await remember(bugID: bug.id, for: key, now: context.now)
            return bug.id
        case .notFound: return nil
        case let other: _ = try value(other.map { _ in () }, "GET /bugs/by-integration-key")
        }
        return nil
    }

    /// The id of the bug a person named: `42` or `#42` is the number people
    /// see, resolved through the API; anything else is an id.
    func bug(named reference: String) async throws(Stop) -> String {
        guard let number = Self.bugNumber(reference) else { return reference }
        return try value(await client.bug(number: number, project: defaultProject), "bug #\(number)").id
    }

    /// `42` or `#42` as a bug number; `nil` for anything else (an id).
    static func bugNumber(_ reference: String) -> Int64? {
        let digits = reference.hasPrefix("#") ? reference.dropFirst() : Substring(reference)
        guard (1...12).contains(digits.count), digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        return Int64(digits)
    }

    func keyRecord(_ key: String) async throws(Stop) -> KeyRecord? {
        do { return try await store.keyRecord(forDedupKey: key) } catch {
            throw Stop(outcome: .storeFailed(message: "store: \(error)"))
        }
    }

    func saveKeyRecord(_ record: KeyRecord, for key: String) async throws(Stop) {
        do { try await store.saveKeyRecord(record, forDedupKey: key) } catch {
            throw Stop(outcome: .storeFailed(message: "store: \(error)"))
        }
    }

    func remember(bugID: String, for key: String, now: EpochMillis) async throws(Stop) {
        var record = try await keyRecord(key) ?? KeyRecord(updatedAt: now)
        guard record.bugID != bugID else { return }
        record = KeyRecord(bugID: bugID, lastCommentHash: nil, resolvedAt: nil, updatedAt: now)
        try await saveKeyRecord(record, for: key)
    }

    /// Records that `context`'s action filed (or adopted) `bugID` for `key`.
    ///
    /// A create that crashes after this write but before its completion is
    /// recorded finds the bug in the local table on its retry and must not
    /// treat it as someone else's: `createdByAction` says it is its own.
    func rememberCreated(bugID: String, for key: String, _ context: Context) async throws(Stop) {
        let record = KeyRecord(bugID: bugID, createdByAction: context.outbox.id, updatedAt: context.now)
        try await saveKeyRecord(record, for: key)
    }

    /// Posts `text` on `bug` unless it repeats the last comment (`skipRepeat`),
    /// or an earlier attempt of this action already posted it.
    func postComment(_ text: String, on bug: String, skipRepeat: Bool, _ context: Context) async throws(Stop)
        -> DeliveryOutcome
    {
        let hash = Digest.sha256Hex(Array(text.utf8))
        let key = context.dedupKey
        if skipRepeat, let key, try await keyRecord(key)?.lastCommentHash == hash {
            return .done(result: "bug \(bug): comment skipped (same as the last one)")
        }
        if context.previouslyAttempted, try await commentExists(text, on: bug) {
            try await rememberComment(hash, key: key, now: context.now)
            return .done(result: "bug \(bug): comment already posted")
        }
        let comment = try value(await client.createComment(bug: bug, text: text, type: "COMMENT"), "POST /comment")
        try await rememberComment(hash, key: key, now: context.now)
        return .done(result: "bug \(bug): comment \(comment.id)")
    }

    func rememberComment(_ hash: String, key: String?, now: EpochMillis) async throws(Stop) {
        guard let key, var record = try await keyRecord(key) else { return }
        record.lastCommentHash = hash
        record.updatedAt = now
        try await saveKeyRecord(record, for: key)
    }

    /// Whether `bug` already carries a comment with exactly `text` (newest pages first is not
    /// offered by the API, so every page is read, up to a bound).
    func commentExists(_ text: String, on bug: String) async throws(Stop) -> Bool {
        var page = 1
        while page <= 50 {
            let list = try value(await client.comments(bug: bug, project: nil, page: page, size: 100), "GET /comments")
            if list.items.contains(where: { $0.text == text }) { return true }
            guard list.hasMore, !list.items.isEmpty else { return false }
            page += 1
        }
        return false
    }
}

extension Error {
    /// The delivery outcome of an error thrown while executing an action.
    fileprivate var outcome: DeliveryOutcome {
        if let stop = self as? ActionExecutor.Stop { return stop.outcome }
        return .retryable(.failure(.other), message: "\(self)")
    }
}
