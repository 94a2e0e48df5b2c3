/// The human-readable `--explain` report of an evaluation: one block per
/// rule saying whether it matched, and if not, why.
public enum ExplainReport {
    /// One line per rule, indented reasons below not-matched and failed rules, and a total.
    public static func lines(_ result: EvaluationResult) -> [String] {
        var lines: [String] = []
        for outcome in result.outcomes {
            let head = "rule '\(outcome.rule)' (\(outcome.location))"
            switch outcome.status {
            case .matched(let count):
                lines.append("\(head): matched, \(count) action\(count == 1 ? "" : "s")")
            case .skipped(let reason):
                lines.append("\(head): skipped, \(reason)")
            case .notMatched(let why):
                lines.append("\(head): not matched, 'when' is false")
                lines.append(contentsOf: why.map { "    " + $0 })
            case .failed(let message):
                lines.append("\(head): FAILED")
                lines.append("    " + message)
            }
        }
        let count = result.actions.count
        lines.append("\(result.matchedRules) of \(result.outcomes.count) rules matched, \(count) action\(count == 1 ? "" : "s")")
        return lines
    }
}
