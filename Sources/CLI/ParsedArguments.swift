/// A command line checked against an `ArgumentSpec`: the options given, their
/// values in order, and the positional arguments.
///
/// Ask only for names the spec declares; a name it does not declare reads as
/// absent (and trips an assertion in debug builds, as it is a programming error).
package struct ParsedArguments: Sendable {
    /// The command path for messages: `check`, `sim token`.
    package let command: String
    /// The spec the arguments were checked against.
    package let spec: ArgumentSpec
    /// Values by option name, in the order given. A flag has one empty value per use.
    private var optionValues: [String: [String]] = [:]
    /// Positional arguments by placeholder name; a variadic one may hold several.
    private var positionalValues: [String: [String]] = [:]
    /// Every positional argument, in the order given.
    package private(set) var positionals: [String] = []

    /// An empty result for `command`; the parser fills it in.
    package init(command: String, spec: ArgumentSpec) {
        self.command = command
        self.spec = spec
    }

    // MARK: - Reading

    /// Whether the flag `--name` was given.
    package func flag(_ name: String) -> Bool {
        assertDeclared(option: name)
        return optionValues[name] != nil
    }

    /// The value of `--name`, or `nil` when absent. For a repeated option, the last one.
    package func value(_ name: String) -> String? {
        assertDeclared(option: name)
        return optionValues[name]?.last
    }

    /// Every value of the repeated option `--name`, in the order given.
    package func values(_ name: String) -> [String] {
        assertDeclared(option: name)
        return optionValues[name] ?? []
    }

    /// The value of `--name`, or an error naming it when absent.
    package func required(_ name: String) throws(ArgumentError) -> String {
        guard let value = value(name) else { throw .missingOption("--" + name, command: command) }
        return value
    }

    /// The value of `--name` as an integer, `nil` when absent, an error when not an integer.
    package func integer(_ name: String) throws(ArgumentError) -> Int? {
        guard let text = value(name) else { return nil }
        guard let number = Int(text) else { throw .invalidValue(text, for: "--" + name, expected: "an integer") }
        return number
    }

    /// The positional named `name` (its placeholder), or `nil` when not given.
    package func positional(_ name: String) -> String? {
        assertDeclared(positional: name)
        return positionalValues[name]?.first
    }

    /// Every value of the (variadic) positional named `name`.
    package func positionalValues(_ name: String) -> [String] {
        assertDeclared(positional: name)
        return positionalValues[name] ?? []
    }

    // MARK: - Filling in (the parser)

    mutating func append(_ value: String, for option: Option) {
        optionValues[option.name, default: []].append(value)
    }

    func hasValue(for option: Option) -> Bool {
        optionValues[option.name] != nil
    }

    mutating func append(_ value: String, for positional: Positional) {
        positionalValues[positional.name, default: []].append(value)
        positionals.append(value)
    }

    private func assertDeclared(option name: String) {
        assert(spec.option(named: name) != nil, "'--\(name)' is not declared by '\(command)'")
    }

    private func assertDeclared(positional name: String) {
        assert(spec.positionals.contains { $0.name == name }, "'\(name)' is not declared by '\(command)'")
    }
}
