import Ingest
import JSON
import Rules
import Store

/// Results that later actions read (`steps.<id>`): what an action's fields
/// that read `steps` render with, and what each action leaves for those
/// after it.
///
/// The actions of one rule for one event share a dedup key (the rule's, or
/// the event's own queue), so they run in order and an action's earlier
/// steps are finished when it is claimed; only an operator's retry of a
/// given-up step can bring one back to pending, and then the later action
/// waits for it. A step that was given up (dead, dropped) is absent: its
/// `steps.<id>` reads as null.
extension ActionExecutor {
    /// `action` with its deferred fields rendered, or the outcome that ends
    /// the attempt (its `when` read false; an earlier step still pending).
    func rendered(_ outbox: OutboxAction, _ action: Action, now: EpochMillis) async -> Result<Action, Stop> {
        guard !action.deferred.isEmpty else { return .success(action) }
        let context = Context(outbox: outbox, action: action, now: now, previouslyAttempted: false)
        let earlier: [EarlierAction]
        let event: RuleEvent
        do throws(Stop) {
            earlier = try await earlierActions(context)
            if earlier.contains(where: { !$0.outbox.state.isFinished }) {
                // Not an attempt: held, due again shortly, nothing spent.
                return .failure(Stop(outcome: .held(until: now + Self.stepWait)))
            }
            event = try await storedEvent(outbox.eventID)
        } catch {
            return .failure(error)
        }
        var steps = Self.steps(earlier)
        var error: String?
        if case .followUp = action.kind {
            do throws(Stop) { steps = try await withBugNumbers(steps, for: action) } catch { return .failure(error) }
            error = earlier.first(where: \.wasGivenUp).map(Self.plainError)
        }
        do throws(StepRendering.Failure) {
            switch try StepRendering.render(action, event: event, steps: steps, error: error) {
            case .action(let ready): return .success(ready)
            case .skipped(let why): return .failure(Stop(outcome: .done(result: "skipped: \(why)", output: .null)))
            }
        } catch {
            return .failure(Stop(outcome: .permanent(message: "\(action.kind.name): \(error)")))
        }
    }

    /// The bug steps of `steps` with their number, and the link and page
    /// that need it, read from Sniffer when a follow-up's text uses them
    /// (a create's answer may not carry the number people see).
    func withBugNumbers(_ steps: JSON, for action: Action) async throws(Stop) -> JSON {
        let sources = action.deferred.values.joined(separator: "\n")
        guard ["number", "url", "link"].contains(where: { sources.contains(".\($0)") }), case .object(var all) = steps else {
            return steps
        }
        for (name, step) in all.members {
            guard case .object(var bug) = step, bug["link"] != nil, let id = bug["id"]?.stringValue, bug["number"] == nil else { continue }
            switch await client.bug(id: id) {
            case .success(let found):
                if let number = found.number { bug["number"] = .int(number) }
                if let url = links.url(id: id, number: found.number) { bug["url"] = .string(url) }
                bug["link"] = .string(Self.slackLink(links, id: id, number: found.number))
                if bug["summary"] == nil { bug["summary"] = .string(found.summary) }
            case .notFound: continue
            case let other: _ = try self.value(other, "GET /bug")
            }
            all[name] = .object(bug)
        }
        return .object(all)
    }

    /// How long an action waits for an earlier step that is pending again.
    static let stepWait: EpochMillis = 1_000

    /// The outputs of the finished earlier actions that have an id, by id.
    static func steps(_ earlier: [EarlierAction]) -> JSON {
        var steps = JSONObject()
        for entry in earlier where entry.outbox.state == .done {
            guard let id = entry.action.stepID, let text = entry.outbox.output,
                let value = try? JSON(parsing: Array(text.utf8))
            else { continue }
            steps[id] = value
        }
        return .object(steps)
    }

    /// The stored event as the rules saw it when it arrived.
    func storedEvent(_ id: Int64) async throws(Stop) -> RuleEvent {
        let stored: StoredEvent?
        do { stored = try await store.event(id: id) } catch {
            throw Stop(outcome: .storeFailed(message: "store: \(error)"))
        }
        guard let stored else {
            throw Stop(outcome: .permanent(message: "event \(id) is no longer stored: its templates cannot be rendered"))
        }
        do { return try RuleEventConversion.event(stored) } catch {
            throw Stop(outcome: .permanent(message: "event \(id): stored payload is not JSON: \(error)"))
        }
    }

    /// What a Sniffer action leaves for the steps after it: the bug it
    /// filed or changed (`id`, `url`), or a search's hits (`results`). The
    /// Snipe-IT actions give theirs in their outcome.
    func output(of action: Action, result: String) -> JSON? {
        switch action.kind {
        case .createBug, .comment, .setStatus, .updateBug:
            guard let id = Self.bugID(inResult: result) ?? action.bugID else { return nil }
            var bug: JSONObject = ["id": .string(id)]
            if let url = links.url(id: id, number: nil) { bug["url"] = .string(url) }
            bug["link"] = .string(Self.slackLink(links, id: id, number: nil))
            if case .createBug(let create) = action.kind, let summary = create.fields.summary { bug["summary"] = .string(summary) }
            return .object(bug)
        case .searchBugs:
            return ["results": .string(result)]
        case .reply, .followUp, .lookupAsset, .lookupUser, .setAssetStatus, .addMaintenance:
            return nil
        }
    }
}
