import JSON

/// What `MappingSet.evaluate` returns: the actions in rule order, and for
/// every rule of the event's source what happened to it (for `--explain`,
/// logs and metrics).
public struct EvaluationResult: Sendable, Equatable {
    /// Every action, in rule order then action order.
    public var actions: [Action]
    /// One per rule of the event's source (with `explain`, one per rule).
    public var outcomes: [RuleOutcome]

    /// A result holding `actions` and `outcomes`.
    public init(actions: [Action] = [], outcomes: [RuleOutcome] = []) {
        self.actions = actions
        self.outcomes = outcomes
    }

    /// How many rules matched.
    public var matchedRules: Int { outcomes.filter { if case .matched = $0.status { true } else { false } }.count }

    /// Messages of rules that failed (type errors and the like).
    public var failures: [String] {
        outcomes.compactMap { if case .failed(let message) = $0.status { message } else { nil } }
    }

    /// The first `reply` action: what a Slack command is answered with at once,
    /// before the other actions are delivered.
    public var reply: Action.Reply? {
        for action in actions { if case .reply(let reply) = action.kind { return reply } }
        return nil
    }

    /// The actions as a JSON array (what `dry-run` prints).
    public var actionsJSON: JSON { .array(actions.map(\.json)) }
}

/// One rule's fate for one event.
public struct RuleOutcome: Sendable, Equatable {
    public var rule: String
    public var location: SourceLocation
    public var status: Status

    /// Matched, skipped, not matched (with why) or failed (with the error).
    public enum Status: Sendable, Equatable {
        /// `when` held; `actionCount` actions were produced.
        case matched(actionCount: Int)
        /// The rule is for another source or event name.
        case skipped(String)
        /// `when` was false; with `explain`, the false parts and the values seen.
        case notMatched([String])
        /// Evaluation failed; the message names the rule, file, line and problem.
        case failed(String)
    }
}
