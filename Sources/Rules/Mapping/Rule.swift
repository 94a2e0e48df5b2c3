import JSON

/// One compiled `[[rule]]`: which events it wants, its condition, its dedup
/// key and its ordered actions.
public final class Rule: Sendable {
    /// The rule's unique name.
    public let name: String
    /// Where its `[[rule]]` header is.
    public let location: SourceLocation
    /// The source whose events it wants.
    public let source: String
    /// Event names it accepts; empty means any.
    public let events: [String]
    let when: CompiledExpression?
    let dedupKey: Template?
    /// The platform of the dedup key (`integration_platform`), carried by every action.
    let integrationPlatform: String?
    let actions: [ActionTemplate]

    init(
        name: String, location: SourceLocation, source: String, events: [String], when: CompiledExpression?,
        dedupKey: Template?, integrationPlatform: String? = nil, actions: [ActionTemplate]
    ) {
        self.integrationPlatform = integrationPlatform
        self.name = name
        self.location = location
        self.source = source
        self.events = events
        self.when = when
        self.dedupKey = dedupKey
        self.actions = actions
    }

    /// The `when` text as written (for explanations), if any.
    public var condition: String? { when?.source.text }

    func accepts(_ event: RuleEvent) -> Bool {
        event.source == source && (events.isEmpty || events.contains(event.name))
    }

    /// Runs the rule on one event: its outcome, and its actions when it matched.
    /// Any failure drops all of this rule's actions (a half-applied rule is
    /// worse than none) and names the rule, file and line.
    func apply(_ interpreter: Interpreter, limits: SnifferLimits, explain: Bool) -> (RuleOutcome.Status, [Action]) {
        func failure(_ error: EvaluationFailure) -> RuleOutcome.Status {
            .failed(DiagnosticMessage.ruleFailed(name, error.location, error.message))
        }
        if let when {
            do {
                let value = try when.evaluateLocated(interpreter)
                switch value {
                case .bool(true): break
                case .bool(false), .null:
                    return (.notMatched(explain ? Explain.whyFalse(when, interpreter) : []), [])
                default:
                    return (failure(EvaluationFailure(location: when.source.location(at: 0), message: DiagnosticMessage.whenNotBoolean(Value.typeName(value)))), [])
                }
            } catch {
                return (failure(error), [])
            }
        }
        do {
            var key: String? = nil
            if let dedupKey {
                let rendered = try dedupKey.renderText(interpreter)
                guard !rendered.isEmpty else {
                    return (failure(EvaluationFailure(location: dedupKey.source.location(at: 0), message: DiagnosticMessage.emptyDedupKey)), [])
                }
                key = Builtins.truncate(rendered, to: limits.dedupKey, suffix: "")
            }
            var actions: [Action] = []
            actions.reserveCapacity(self.actions.count)
            for action in self.actions {
                // A `when` that reads `steps` is the deliverer's to check.
                if let condition = action.when, !condition.readsSteps {
                    let value = try condition.evaluateLocated(interpreter)
                    guard value == .bool(true) else { continue }
                }
                var rendered = try action.render(rule: name, dedupKey: key, interpreter, limits: limits)
                rendered.integrationPlatform = integrationPlatform
                actions.append(rendered)
            }
            return (.matched(actionCount: actions.count), actions)
        } catch {
            return (failure(error), [])
        }
    }
}
