import JSON

/// Answers "which rule failed, and why?": given a `when` that came out false,
/// finds the false sub-expressions (through `&&`, `||`, `!` and parentheses)
/// and shows the values their operands had. Runs only for `--explain`, so
/// it re-checks sub-expressions on the fly instead of slowing `evaluate`.
public enum Explain {
    /// Longest value text shown.
    static let maxValueLength = 120

    static func whyFalse(_ when: CompiledExpression, _ interpreter: Interpreter) -> [String] {
        var lines: [String] = []
        explainFalse(when.expr, when, interpreter, into: &lines)
        return lines
    }

    /// Explains why `when` is false for `event` (public for tools and tests).
    public static func whyFalse(_ when: CompiledExpression, event: RuleEvent) -> [String] {
        whyFalse(when, Interpreter(event: event))
    }

    private static func value(_ expr: Expr, _ compiled: CompiledExpression, _ interpreter: Interpreter)
        -> Result<JSON, EvaluationError>
    {
        var checker = Checker(tables: compiled.tables)
        guard let node = checker.check(expr) else { return .success(.null) }
        do { return .success(try interpreter.evaluate(node)) } catch { return .failure(error) }
    }

    private static func explainFalse(
        _ expr: Expr, _ compiled: CompiledExpression, _ interpreter: Interpreter, into lines: inout [String]
    ) {
        let text = compiled.text(expr.span)
        switch expr {
        case .binary(.and, let lhs, let rhs, _):
            if case .success(.bool(true)) = value(lhs, compiled, interpreter) {
                explainFalse(rhs, compiled, interpreter, into: &lines)
            } else {
                explainFalse(lhs, compiled, interpreter, into: &lines)
            }
        case .binary(.or, let lhs, let rhs, _):
            explainFalse(lhs, compiled, interpreter, into: &lines)
            explainFalse(rhs, compiled, interpreter, into: &lines)
        case .unary(.not, let operand, _):
            lines.append(DiagnosticMessage.explainTrue(compiled.text(operand.span)))
            // Show what made the operand true: the values of its own operands.
            switch operand {
            case .binary(_, let lhs, let rhs, _): operandValues([lhs, rhs], compiled, interpreter, into: &lines)
            case .call(_, _, let args, _): operandValues(args, compiled, interpreter, into: &lines)
            default: break
            }
        case .binary(_, let lhs, let rhs, _):
            lines.append(DiagnosticMessage.explainFalse(text))
            operandValues([lhs, rhs], compiled, interpreter, into: &lines)
        case .call(_, _, let args, _):
            lines.append(DiagnosticMessage.explainFalse(text))
            operandValues(args, compiled, interpreter, into: &lines)
        default:
            switch value(expr, compiled, interpreter) {
            case .success(let result) where result.isNull:
                lines.append(DiagnosticMessage.explainValue(text, "null"))
            case .failure(let error):
                lines.append(DiagnosticMessage.explainError(text, error.message))
            default:
                lines.append(DiagnosticMessage.explainFalse(text))
            }
        }
    }

    /// "  `payload.x` = "success"" for every operand that is not a literal.
    private static func operandValues(
        _ operands: [Expr], _ compiled: CompiledExpression, _ interpreter: Interpreter, into lines: inout [String]
    ) {
        for operand in operands {
            if case .literal = operand { continue }
            if case .list(let items, _) = operand, items.allSatisfy({ if case .literal = $0 { true } else { false } }) {
                continue
            }
            let text = compiled.text(operand.span)
            switch value(operand, compiled, interpreter) {
            case .success(let result): lines.append("  " + DiagnosticMessage.explainValue(text, show(result)))
            case .failure(let error): lines.append("  " + DiagnosticMessage.explainError(text, error.message))
            }
        }
    }

    static func show(_ value: JSON) -> String {
        Builtins.truncate(value.serialized(), to: maxValueLength)
    }
}
