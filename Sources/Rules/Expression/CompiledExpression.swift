import JSON

/// One expression, parsed and checked at load time, evaluated many times.
/// A class so that rules, templates and results share it without copying
/// (and retaining) its parts on every evaluation.
public final class CompiledExpression: Sendable {
    /// The text and where it sits in its file.
    public let source: RelativeSource
    /// The parse tree (kept for `--explain`).
    let expr: Expr
    let node: Node
    /// Tables the expression may read (needed to re-check sub-expressions when explaining).
    let tables: [String: JSON]
    /// Where it reads `steps` (see `StepReference`).
    let stepReferences: [StepReference]
    /// Where it reads `error`.
    let errorReferences: [SourceLocation]

    init(
        source: RelativeSource, expr: Expr, node: Node, tables: [String: JSON], stepReferences: [StepReference] = [],
        errorReferences: [SourceLocation] = []
    ) {
        self.source = source
        self.expr = expr
        self.node = node
        self.tables = tables
        self.stepReferences = stepReferences
        self.errorReferences = errorReferences
    }

    /// Whether it reads `steps` or `error`: then it can only be evaluated at delivery.
    var readsSteps: Bool { !stepReferences.isEmpty || !errorReferences.isEmpty }

    /// Parses and checks `text`; every problem goes to `diagnostics` at its
    /// host-file position. `nil` when there was any.
    public static func compile(
        _ text: String, origin: SourceLocation, tables: [String: JSON] = [:], diagnostics: inout DiagnosticBag
    ) -> CompiledExpression? {
        compile(RelativeSource(text: text, origin: origin), tables: tables, diagnostics: &diagnostics)
    }

    /// Parses and checks the text of `source`.
    public static func compile(
        _ source: RelativeSource, tables: [String: JSON] = [:], diagnostics: inout DiagnosticBag
    ) -> CompiledExpression? {
        compile(source, tables: tables, paths: nil, diagnostics: &diagnostics)
    }

    static func compile(
        _ source: RelativeSource, tables: [String: JSON], paths: PathInterner?, diagnostics: inout DiagnosticBag
    ) -> CompiledExpression? {
        let text = source.text
        let expr: Expr
        do {
            expr = try Parser.parse(text)
        } catch {
            diagnostics.report(source.location(at: error.span.start), error.message)
            return nil
        }
        var checker = Checker(tables: tables, paths: paths)
        guard let node = checker.check(expr) else {
            for error in checker.errors { diagnostics.report(source.location(at: error.span.start), error.message) }
            return nil
        }
        let references = checker.stepReferences.map { StepReference(name: $0.name, location: source.location(at: $0.offset)) }
        return CompiledExpression(
            source: source, expr: expr, node: node, tables: tables, stepReferences: references,
            errorReferences: checker.errorReferences.map { source.location(at: $0) })
    }

    /// Compiles a stand-alone expression (tests, tools); throws all diagnostics.
    public static func compile(_ text: String, file: String = "<expression>") throws(LoadError) -> CompiledExpression {
        var bag = DiagnosticBag()
        guard let compiled = compile(text, origin: SourceLocation(file: file, line: 1, column: 1), diagnostics: &bag)
        else { throw LoadError(bag) }
        return compiled
    }

    /// The expression's value for `event`. Missing paths are `null`; type
    /// errors throw, tagged with the failing node's span.
    public func evaluate(_ event: RuleEvent) throws(EvaluationError) -> JSON {
        try Interpreter(event: event).evaluate(node)
    }

    /// The expression's value for `event` with `steps` (the earlier actions' results by id) and `error`.
    public func evaluate(_ event: RuleEvent, steps: JSON, error: JSON = .null) throws(EvaluationError) -> JSON {
        try Interpreter(event: event, steps: steps, error: error).evaluate(node)
    }

    func evaluate(_ interpreter: Interpreter) throws(EvaluationError) -> JSON {
        try interpreter.evaluate(node)
    }

    /// Evaluation whose failure carries its host-file location.
    func evaluateLocated(_ interpreter: Interpreter) throws(EvaluationFailure) -> JSON {
        do {
            return try interpreter.evaluate(node)
        } catch {
            throw EvaluationFailure(location: source.location(at: error.span.start), message: error.message)
        }
    }

    /// The text of a sub-span, for messages.
    func text(_ span: SourceSpan) -> String { source.slice(span) }
}
