/// A place where an expression reads `steps`: `steps.asset` names the step
/// `asset`; `steps[key]` names none (`name` is `nil`). The mapping compiler
/// checks each name against the rule's earlier actions.
struct StepReference: Sendable {
    let name: String?
    let location: SourceLocation
}
