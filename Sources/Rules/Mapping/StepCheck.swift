/// The `id`s of one rule's actions and the `steps.<id>` its templates read:
/// each id is unique within the rule, and an action reads only the results
/// of the actions before it (they run in order, one at a time, on the
/// rule's queue). Every problem is reported where it is written.
enum StepCheck {
    static func check(_ actions: [ActionTemplate], reader: inout TOMLReader) {
        var earlier: [String: SourceLocation] = [:]
        var order: [String] = []
        let all = Dictionary(actions.compactMap { action in action.stepID.map { ($0, action.location) } }) { first, _ in first }
        for action in actions {
            for (key, locations) in action.errorReferences where !(action.name == .followUp && key == "failure") {
                if let first = locations.first { reader.diagnostics.report(first, DiagnosticMessage.errorOutsideFailure) }
            }
            for (key, references, nested) in action.stepReferences {
                if action.name == .reply, let first = references.first {
                    reader.diagnostics.report(first.location, DiagnosticMessage.stepsInReply)
                    continue
                }
                if nested, let first = references.first {
                    reader.diagnostics.report(first.location, DiagnosticMessage.stepsInTable(key))
                    continue
                }
                for reference in references {
                    guard let name = reference.name, earlier[name] == nil else { continue }
                    let message: String
                    if name == action.stepID {
                        message = DiagnosticMessage.ownStep(name)
                    } else if all[name] != nil {
                        message = DiagnosticMessage.laterStep(name)
                    } else {
                        message = DiagnosticMessage.unknownStep(name, known: order)
                    }
                    reader.diagnostics.report(reference.location, message)
                }
            }
            guard let id = action.stepID else { continue }
            if let first = earlier[id] {
                reader.diagnostics.report(action.location, DiagnosticMessage.duplicateStepID(id, first: first))
            } else {
                earlier[id] = action.location
                order.append(id)
            }
        }
    }
}
