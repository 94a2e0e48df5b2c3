import JSON

/// A string value with `{{ expression }}` interpolations, compiled once.
///
/// A literal `{{` is written `{{ "{{" }}` (an expression whose value is the
/// text `{{`). A template that is exactly one interpolation and nothing else
/// keeps the expression's type (a list stays a list), so
/// `tags = "{{ payload.labels }}"` gives a list.
public final class Template: Sendable {
    enum Part: Sendable {
        case text(String)
        case expression(CompiledExpression)
    }

    let parts: [Part]
    /// The template text and where it sits in its file.
    public let source: RelativeSource

    @inline(__always)
    static func append(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { out.append(contentsOf: $0) }
    }

    /// A guess of the rendered size, so rendering grows its buffer once.
    let capacityHint: Int

    init(parts: [Part], source: RelativeSource) {
        self.parts = parts
        self.source = source
        var hint = 0
        for part in parts {
            switch part {
            case .text(let text): hint += text.utf8.count
            case .expression: hint += 24
            }
        }
        capacityHint = hint
    }

    /// Longest template accepted, in UTF-8 bytes.
    public static let maxBytes = 256 * 1024

    /// Compiles `text`, reporting every bad interpolation; `nil` if any.
    public static func compile(
        _ text: String, origin: SourceLocation, tables: [String: JSON] = [:], diagnostics: inout DiagnosticBag
    ) -> Template? {
        compile(RelativeSource(text: text, origin: origin), tables: tables, diagnostics: &diagnostics)
    }

    /// Compiles the text of `source`.
    public static func compile(
        _ source: RelativeSource, tables: [String: JSON] = [:], diagnostics: inout DiagnosticBag
    ) -> Template? {
        compile(source, tables: tables, paths: nil, diagnostics: &diagnostics)
    }

    static func compile(
        _ source: RelativeSource, tables: [String: JSON], paths: PathInterner?, diagnostics: inout DiagnosticBag
    ) -> Template? {
        let bytes = Array(source.text.utf8)
        guard bytes.count <= maxBytes else {
            diagnostics.report(source.location(at: 0), DiagnosticMessage.templateTooLong(maxBytes))
            return nil
        }
        var parts: [Part] = []
        var failed = false
        var literal: [UInt8] = []
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "{"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "{")
            else {
                literal.append(bytes[index])
                index += 1
                continue
            }
            let open = index
            let start = index + 2
            guard let end = closing(bytes, from: start) else {
                diagnostics.report(source.location(at: open), DiagnosticMessage.unclosedInterpolation)
                return nil
            }
            if !literal.isEmpty {
                parts.append(.text(String(decoding: literal, as: UTF8.self)))
                literal.removeAll()
            }
            let inner = String(decoding: bytes[start..<end], as: UTF8.self)
            if inner.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }) {
                diagnostics.report(source.location(at: open), DiagnosticMessage.emptyInterpolation)
                failed = true
            } else if let compiled = CompiledExpression.compile(
                source.subsource(inner, at: start), tables: tables, paths: paths, diagnostics: &diagnostics)
            {
                parts.append(.expression(compiled))
            } else {
                failed = true
            }
            index = end + 2
        }
        if !literal.isEmpty { parts.append(.text(String(decoding: literal, as: UTF8.self))) }
        return failed ? nil : Template(parts: parts, source: source)
    }

    /// Compiles a stand-alone template (tests, tools); throws all diagnostics.
    public static func compile(_ text: String, file: String = "<template>") throws(LoadError) -> Template {
        var bag = DiagnosticBag()
        guard let compiled = compile(text, origin: SourceLocation(file: file, line: 1, column: 1), diagnostics: &bag)
        else { throw LoadError(bag) }
        return compiled
    }

    /// The offset of the `}}` that closes an interpolation starting at
    /// `from`, skipping string literals (so `{{ "}}" }}` works).
    private static func closing(_ bytes: [UInt8], from: Int) -> Int? {
        var index = from
        var quote: UInt8? = nil
        while index < bytes.count {
            let byte = bytes[index]
            if let open = quote {
                if byte == UInt8(ascii: "\\") {
                    index += 2
                    continue
                }
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: "}"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "}") {
                return index
            }
            index += 1
        }
        return nil
    }

    /// Where its interpolations read `steps`.
    var stepReferences: [StepReference] {
        parts.flatMap { part -> [StepReference] in
            if case .expression(let expression) = part { return expression.stepReferences }
            return []
        }
    }

    /// The tables its expressions may read (its file's).
    var tables: [String: JSON] {
        for part in parts { if case .expression(let expression) = part { return expression.tables } }
        return [:]
    }

    /// Where its interpolations read `error`.
    var errorReferences: [SourceLocation] {
        parts.flatMap { part -> [SourceLocation] in
            if case .expression(let expression) = part { return expression.errorReferences }
            return []
        }
    }

    /// Whether it reads `steps` or `error`: then it can only be rendered at delivery.
    var readsSteps: Bool {
        parts.contains { if case .expression(let expression) = $0 { return expression.readsSteps } else { return false } }
    }

    /// The rendered value with `steps` (the earlier actions' results by id).
    public func render(_ event: RuleEvent, steps: JSON, error: JSON = .null) throws(EvaluationFailure) -> JSON {
        try render(Interpreter(event: event, steps: steps, error: error))
    }

    /// True when the template has no interpolation.
    public var isConstant: Bool {
        parts.allSatisfy { if case .text = $0 { return true } else { return false } }
    }

    /// The rendered value: typed for a lone interpolation, else text.
    public func render(_ event: RuleEvent) throws(EvaluationFailure) -> JSON {
        try render(Interpreter(event: event))
    }

    func render(_ interpreter: Interpreter) throws(EvaluationFailure) -> JSON {
        if parts.count == 1, case .expression(let expression) = parts[0] {
            return try expression.evaluateLocated(interpreter)
        }
        return .string(try renderText(interpreter))
    }

    /// The rendered text, every value in its text form.
    public func renderText(_ event: RuleEvent) throws(EvaluationFailure) -> String {
        try renderText(Interpreter(event: event))
    }

    func renderText(_ interpreter: Interpreter) throws(EvaluationFailure) -> String {
        if parts.count == 1, case .text(let text) = parts[0] { return text }
        // Bytes, not `String +=`: appending to a String costs several hundred
        // instructions per call (bench/RulesBench/README.md).
        var out: [UInt8] = []
        out.reserveCapacity(capacityHint)
        for part in parts {
            switch part {
            case .text(let text): Self.append(text, to: &out)
            case .expression(let expression): Self.append(Value.text(try expression.evaluateLocated(interpreter)), to: &out)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
