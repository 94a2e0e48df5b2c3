import JSON

/// Every compiled rule of a configuration: an immutable snapshot the bridge
/// swaps in whole on reload. `evaluate` is pure: no I/O, no clock.
public struct MappingSet: Sendable {
    /// Every rule, in evaluation order.
    public let rules: [Rule]
    /// The mapping files the rules came from, in load order.
    public let files: [String]
    /// The lengths rendered values are cut to.
    public let limits: SnifferLimits
    /// How many distinct event paths the rules read (the size of the per-event cache).
    let pathCount: Int

    /// A set of already compiled rules (`MappingCompiler.finish` builds one).
    public init(rules: [Rule], files: [String], limits: SnifferLimits = SnifferLimits()) {
        self.init(rules: rules, files: files, limits: limits, pathCount: 0)
    }

    init(rules: [Rule], files: [String], limits: SnifferLimits, pathCount: Int) {
        self.rules = rules
        self.files = files
        self.limits = limits
        self.pathCount = pathCount
    }

    /// The actions `event` produces, rule by rule in file order, with each
    /// rule's outcome. A failing rule contributes no actions and does not stop
    /// the others. With `explain`, not-matched outcomes say which part of
    /// `when` was false and with which values (slower; for `dry-run`).
    public func evaluate(_ event: RuleEvent, explain: Bool = false) -> EvaluationResult {
        let interpreter = Interpreter(event: event, cache: pathCount > 0 ? PathCache(count: pathCount) : nil)
        var result = EvaluationResult()
        for rule in rules {
            guard rule.accepts(event) else {
                if explain {
                    let reason = rule.source != event.source
                        ? DiagnosticMessage.otherSource(rule.source) : DiagnosticMessage.otherEvent(rule.events)
                    result.outcomes.append(RuleOutcome(rule: rule.name, location: rule.location, status: .skipped(reason)))
                }
                continue
            }
            let (status, actions) = rule.apply(interpreter, limits: limits, explain: explain)
            result.outcomes.append(RuleOutcome(rule: rule.name, location: rule.location, status: status))
            result.actions.append(contentsOf: actions)
        }
        return result
    }
}
