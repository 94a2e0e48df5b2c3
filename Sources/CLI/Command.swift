/// One command of the executable: `check`, `serve`, `deliveries list`.
///
/// A command declares what it accepts (`arguments`) and the runner parses the
/// command line against it before calling `run`, so `run` sees only checked
/// arguments. `--help` is handled by the runner from the same declaration.
///
/// To add a command to sniffer-bridge: one file under
/// `Sources/sniffer-bridge/Commands/` with a type conforming to this, and one
/// line in `CommandRegistry.all`.
package protocol Command: Sendable {
    /// The word that selects it: `check`, or `list` for `deliveries list`.
    var name: String { get }
    /// One line for the command list in `sniffer-bridge --help`.
    var summary: String { get }
    /// Paragraphs shown by `<command> --help` after the usage line; may be empty.
    var discussion: String { get }
    /// The options and positionals it accepts.
    var arguments: ArgumentSpec { get }
    /// Commands under this one (`deliveries list`, `sim token`); usually none.
    /// When the first word after the command names one, that one runs.
    var subcommands: [any Command] { get }
    /// Does the work; returns the process exit code (0 success, 1 failure).
    ///
    /// Throw `ArgumentError` for a command line that parsed but makes no sense
    /// (exit 2 with usage), `CommandFailure` for a failure with its own exit
    /// code; any other error prints as `sniffer-bridge <command>: <error>` and
    /// exits 1.
    func run(_ arguments: ParsedArguments, console: Console) async throws -> Int32
}

extension Command {
    package var discussion: String { "" }
    package var arguments: ArgumentSpec { ArgumentSpec() }
    package var subcommands: [any Command] { [] }
}

/// A failure a command reports with its own message and exit code.
package struct CommandFailure: Error, Sendable, CustomStringConvertible {
    /// Printed to standard error as is (no prefix).
    package let message: String
    package let exitCode: Int32

    /// A failure printing `message` and exiting with `exitCode` (default 1).
    package init(_ message: String, exitCode: Int32 = 1) {
        self.message = message
        self.exitCode = exitCode
    }

    package var description: String { message }
}
