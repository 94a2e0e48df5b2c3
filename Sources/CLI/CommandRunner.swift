/// Runs one command line: picks the command, parses its arguments, handles
/// help and version, reports errors, and returns the exit code.
///
/// Exit codes: 0 success, 1 the command failed, 2 the command line was wrong
/// (unknown command, unknown option, missing value...), with the error and
/// the usage on standard error.
package struct CommandRunner: Sendable {
    /// The executable's name, used in usage and messages.
    package let program: String
    /// One sentence saying what the tool is, for the top of `--help`.
    package let summary: String
    /// Every top-level command, in the order `--help` lists them.
    package let commands: [any Command]
    private let formatter: HelpFormatter

    /// A runner for `program` offering `commands`.
    package init(program: String, summary: String, commands: [any Command]) {
        self.program = program
        self.summary = summary
        self.commands = commands
        self.formatter = HelpFormatter(program: program)
    }

    /// Runs the command line `words` (without the program name) and returns the exit code.
    package func run(_ words: [String], console: Console) async -> Int32 {
        guard let first = words.first else {
            console.error(formatter.overview(commands, summary: summary))
            return 2
        }
        let rest = Array(words.dropFirst())
        switch first {
        case "--help", "-h":
            console.print(formatter.overview(commands, summary: summary))
            return 0
        case "help":
            return help(for: rest, console: console)
        case "--version":
            if let version = command(named: "version", in: commands) {
                return await dispatch(version, path: "version", words: rest, console: console)
            }
        default:
            break
        }
        guard let command = command(named: first, in: commands) else {
            let error: ArgumentError = first.hasPrefix("-")
                ? .unknownOption(first, command: nil) : .unknownCommand(first, in: nil)
            console.error("\(program): \(error)\n")
            console.error(formatter.overview(commands, summary: summary))
            return 2
        }
        return await dispatch(command, path: command.name, words: rest, console: console)
    }

    /// `help`, `help check`, `help deliveries list`.
    private func help(for words: [String], console: Console) -> Int32 {
        guard let first = words.first else {
            console.print(formatter.overview(commands, summary: summary))
            return 0
        }
        guard var command = command(named: first, in: commands) else {
            console.error("\(program): \(ArgumentError.unknownCommand(first, in: nil))\n")
            console.error(formatter.overview(commands, summary: summary))
            return 2
        }
        var path = command.name
        for word in words.dropFirst() {
            guard let sub = self.command(named: word, in: command.subcommands) else {
                console.error("\(program): \(ArgumentError.unknownCommand(word, in: path))")
                console.error(formatter.usage(command, path: path))
                return 2
            }
            command = sub
            path += " " + sub.name
        }
        console.print(formatter.help(command, path: path))
        return 0
    }

    /// Runs `command` (or the subcommand `words` selects) with `words`.
    private func dispatch(_ command: any Command, path: String, words: [String], console: Console) async -> Int32 {
        if !command.subcommands.isEmpty, let first = words.first, !ArgumentParser.looksLikeOption(first) {
            if let sub = self.command(named: first, in: command.subcommands) {
                return await dispatch(sub, path: path + " " + sub.name, words: Array(words.dropFirst()), console: console)
            }
            if command.arguments.positionals.isEmpty {
                return usageError(.unknownCommand(first, in: path), command, path: path, console: console)
            }
        }
        let parsed: ParsedArguments
        do {
            switch try ArgumentParser(command: path, spec: command.arguments).parse(words) {
            case .help:
                console.print(formatter.help(command, path: path))
                return 0
            case .arguments(let arguments):
                parsed = arguments
            }
        } catch {
            return usageError(error, command, path: path, console: console)
        }
        let isGroup = !command.subcommands.isEmpty
            && command.arguments.options.isEmpty && command.arguments.positionals.isEmpty
        if isGroup {
            return usageError(.missingSubcommand(for: path), command, path: path, console: console)
        }
        do {
            return try await command.run(parsed, console: console)
        } catch let error as ArgumentError {
            return usageError(error, command, path: path, console: console)
        } catch let failure as CommandFailure {
            console.error(failure.message)
            return failure.exitCode
        } catch {
            console.error("\(program) \(path): \(error)")
            return 1
        }
    }

    /// Prints `error`, the usage line and where to find more, to standard error; exit code 2.
    private func usageError(_ error: ArgumentError, _ command: any Command, path: String, console: Console) -> Int32 {
        console.error("\(program): \(error)")
        console.error(formatter.usage(command, path: path))
        console.error("Run '\(program) \(path) --help' for details.")
        return 2
    }

    private func command(named name: String, in list: [any Command]) -> (any Command)? {
        list.first { $0.name == name }
    }
}
