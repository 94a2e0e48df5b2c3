/// Every message text the expression language, templates and the mapping
/// compiler print, in one place (cel-go's `checker/errors.go`), so wording
/// stays consistent and reviewable. The config loader (the Config target)
/// shares the `package` ones; its own are in its `ConfigMessage`.
package enum DiagnosticMessage {
    // MARK: Lexer and parser
    static let loneAmpersand = "expected '&&', found a single '&'"
    static let singleEquals = "expected '==', found a single '=' (assignment is not an expression)"
    static func unexpectedCharacter(_ text: String) -> String { "unexpected character '\(text)'" }
    static let badNumber = "malformed number"
    static func numberOutOfRange(_ text: String) -> String { "number out of range: \(text)" }
    static let unterminatedString = "unterminated string literal"
    static let stringTooLong = "string literal too long"
    static func badEscape(_ c: String) -> String { "unknown escape '\\\(c)' (use \\n \\t \\r \\0 \\\\ \\\" \\' \\u{...})" }
    static let badUnicodeEscape = "malformed unicode escape (use \\uXXXX or \\u{X...})"
    static func expressionTooLong(_ limit: Int) -> String { "expression longer than \(limit) bytes" }
    static let emptyExpression = "empty expression"
    static func unexpectedToken(_ found: String) -> String { "unexpected \(found) after the end of the expression" }
    static func expected(_ what: String, found: String) -> String { "expected \(what), found \(found)" }
    static func nestedTooDeeply(_ limit: Int) -> String { "expression nested deeper than \(limit) levels" }

    // MARK: Checker
    static func unknownName(_ name: String, known: String) -> String { "unknown name '\(name)' (known: \(known))" }
    static func functionWithoutCall(_ name: String) -> String { "'\(name)' is a function: call it as \(name)(...)" }
    static func unknownTable(_ name: String, known: String) -> String {
        known.isEmpty ? "unknown table '\(name)' (this file declares no [tables])" : "unknown table '\(name)' (known: \(known))"
    }
    static func unknownFunction(_ name: String, known: String) -> String { "unknown function '\(name)' (known: \(known))" }
    static func wrongArity(_ signature: String, given: Int) -> String {
        "wrong number of arguments: \(signature) called with \(given)"
    }
    static func regexNotString(_ type: String) -> String { "regular expression must be a string, found \(type)" }
    static func badRegex(_ pattern: String) -> String { "invalid regular expression \"\(pattern)\"" }

    // MARK: Evaluation
    static func argumentType(_ function: String, _ type: String) -> String { "\(function)() cannot take a \(type)" }
    static func unaryType(_ op: String, _ type: String) -> String { "operator '\(op)' cannot take a \(type)" }
    static func indexType(_ key: String, _ container: String) -> String { "cannot index a \(container) with a \(key)" }
    static func notBoolean(_ op: String, _ type: String) -> String { "operand of '\(op)' must be a bool, found \(type)" }
    static func comparisonTypes(_ op: String, _ left: String, _ right: String) -> String {
        "operator '\(op)' cannot compare \(left) and \(right)"
    }
    static func membershipTypes(_ op: String, _ needle: String, _ haystack: String) -> String {
        "'\(op)' cannot look for a \(needle) in a \(haystack)"
    }
    static func whenNotBoolean(_ type: String) -> String { "'when' must be a bool, found \(type)" }
    static func ruleFailed(_ rule: String, _ location: SourceLocation, _ message: String) -> String {
        "rule '\(rule)' failed at \(location): \(message)"
    }

    static let emptyDedupKey = "dedup_key rendered empty"
    static func otherSource(_ source: String) -> String { "rule is for source '\(source)'" }
    static func otherEvent(_ events: [String]) -> String { "rule is for event " + events.map { "'\($0)'" }.joined(separator: ", ") }

    // MARK: Explain
    static func explainFalse(_ text: String) -> String { "`\(text)` is false" }
    static func explainTrue(_ text: String) -> String { "`\(text)` is true" }
    static func explainValue(_ text: String, _ value: String) -> String { "`\(text)` = \(value)" }
    static func explainError(_ text: String, _ message: String) -> String { "`\(text)` failed: \(message)" }

    // MARK: Templates
    static let unclosedInterpolation = "unclosed '{{' (write {{ \"{{\" }} for a literal '{{')"
    static let emptyInterpolation = "empty '{{ }}'"
    static func templateTooLong(_ limit: Int) -> String { "template longer than \(limit) bytes" }

    // MARK: Mapping and config files
    package static func unknownKey(_ key: String, in context: String, known: [String]) -> String {
        "unknown key '\(key)' in \(context) (known: \(known.sorted().joined(separator: ", ")))"
    }
    package static func missingKey(_ key: String, in context: String) -> String { "\(context) needs '\(key)'" }
    package static func wrongType(_ key: String, expected: String, found: String) -> String {
        "'\(key)' must be \(expected), found \(found)"
    }
    package static func unknownSource(_ source: String, known: [String]) -> String {
        "unknown source '\(source)' (known: \(known.joined(separator: ", ")))"
    }
    static func unknownAction(_ name: String, known: [String]) -> String {
        "unknown action '\(name)' (known: \(known.joined(separator: ", ")))"
    }
    package static func badChoice(_ key: String, _ value: String, allowed: [String]) -> String {
        "'\(key)' must be one of \(allowed.map { "\"\($0)\"" }.joined(separator: ", ")), found \"\(value)\""
    }
    package static func badDuration(_ text: String) -> String {
        "invalid duration \"\(text)\" (use a number with ms, s, m, h or d, e.g. \"500ms\", \"7d\")"
    }
    static func duplicateRule(_ name: String, first: SourceLocation) -> String {
        "duplicate rule name '\(name)' (first defined at \(first))"
    }
    static let emptyName = "rule 'name' must not be empty"
    static let noActions = "rule needs at least one [[rule.actions]] entry"
    static func needsDedupKey(_ action: String) -> String {
        "action '\(action)' works on the bug found by the rule's dedup_key, but the rule has no 'dedup_key' (or give 'bug_id')"
    }
    static func needsSnipeIT(_ action: String) -> String {
        "action '\(action)' is delivered to Snipe-IT, but the config has no [snipeit] table"
    }
    static func exactlyOne(_ first: String, _ second: String, in context: String) -> String {
        "\(context) needs exactly one of '\(first)' and '\(second)'"
    }
    static func badStepID(_ id: String) -> String {
        "'id' must be a name of letters, digits and '_' that does not start with a digit (it is read as steps.<id>), found \"\(id)\""
    }
    static func duplicateStepID(_ id: String, first: SourceLocation) -> String {
        "another action of this rule has id \"\(id)\" (at \(first.line):\(first.column))"
    }
    static func unknownStep(_ name: String, known: [String]) -> String {
        known.isEmpty
            ? "unknown step '\(name)': no earlier action of this rule has an 'id'"
            : "unknown step '\(name)' (earlier actions of this rule: \(known.joined(separator: ", ")))"
    }
    static func laterStep(_ name: String) -> String {
        "step '\(name)' comes later in this rule: an action reads only the results of the actions before it"
    }
    static func ownStep(_ name: String) -> String { "step '\(name)' is this action itself: it reads only the actions before it" }
    static let stepsOutsideActions = "'steps' holds the results of a rule's actions: only the actions' fields and 'when' read it"
    static let errorOutsideFailure = "'error' is known only in a follow_up's 'failure': why an earlier action was given up"
    static let stepsInReply = "a 'reply' is the command's HTTP answer, sent before any action runs: it cannot read 'steps'"
    static func stepsInTable(_ key: String) -> String {
        "'\(key)' is a table or a list of templates: only a single template string can read 'steps'"
    }
    static let coalesceWindow = "'coalesce' must be from \"1s\" to \"1h\""
    static let coalesceNeedsDedupKey = "'coalesce' groups the repeats of one dedup_key, but the rule has no 'dedup_key'"
    static func coalesceNeedsComments(_ policy: String) -> String {
        "'coalesce' makes repeats one comment; it needs on_duplicate = \"comment\" or \"reopen\", found \"\(policy)\""
    }
    static let labelWithoutCoalesce = "'coalesce_label' names an event in a coalesced comment; set 'coalesce' too"
    static func missingEnvironment(_ name: String) -> String { "environment variable '\(name)' is not set" }
    static let malformedEnvironment = "malformed '${' reference (write ${NAME}, or $${ for a literal '${')"

    // MARK: Loading
    static func truncated(_ count: Int) -> String { "\(count) more errors were truncated" }
}
