/// A command line the parser (or a command) cannot accept.
///
/// The message names the offending word and the command, e.g.
/// `unknown option '--foo' for 'check'`. The runner prints it with the usage
/// to standard error and exits 2.
package struct ArgumentError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of mistake it is, for tests and callers that branch on it.
    package enum Code: Sendable, Equatable {
        case unknownCommand
        case unknownOption
        case missingValue
        case unexpectedValue
        case duplicateOption
        case missingOption
        case unexpectedArgument
        case missingArgument
        case invalidValue
    }

    package let code: Code
    /// The whole message, ready to print.
    package let message: String

    /// An error of kind `code` with the message `message`.
    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { message }

    // MARK: - Every message, in one place

    static func unknownCommand(_ word: String, in parent: String?) -> ArgumentError {
        guard let parent else { return ArgumentError(.unknownCommand, "unknown command '\(word)'") }
        return ArgumentError(.unknownCommand, "unknown subcommand '\(word)' for '\(parent)'")
    }

    static func unknownOption(_ spelling: String, command: String?) -> ArgumentError {
        guard let command else { return ArgumentError(.unknownOption, "unknown option '\(spelling)'") }
        return ArgumentError(.unknownOption, "unknown option '\(spelling)' for '\(command)'")
    }

    static func missingValue(_ spelling: String) -> ArgumentError {
        ArgumentError(.missingValue, "missing value for '\(spelling)'")
    }

    static func unexpectedValue(_ spelling: String) -> ArgumentError {
        ArgumentError(.unexpectedValue, "option '\(spelling)' takes no value")
    }

    static func duplicateOption(_ spelling: String) -> ArgumentError {
        ArgumentError(.duplicateOption, "option '\(spelling)' given more than once")
    }

    static func missingOption(_ spelling: String, command: String) -> ArgumentError {
        ArgumentError(.missingOption, "missing required option '\(spelling)' for '\(command)'")
    }

    static func unexpectedArgument(_ word: String, command: String) -> ArgumentError {
        ArgumentError(.unexpectedArgument, "unexpected argument '\(word)' for '\(command)'")
    }

    static func missingArgument(_ name: String, command: String) -> ArgumentError {
        ArgumentError(.missingArgument, "missing argument \(name) for '\(command)'")
    }

    static func missingSubcommand(for command: String) -> ArgumentError {
        ArgumentError(.missingArgument, "missing subcommand for '\(command)'")
    }

    /// `invalid value 'abc' for '--limit': expected an integer`.
    package static func invalidValue(_ value: String, for spelling: String, expected: String) -> ArgumentError {
        ArgumentError(.invalidValue, "invalid value '\(value)' for '\(spelling)': expected \(expected)")
    }
}
