/// Renders usage lines and help pages from commands' declarations, so help
/// always lists exactly what the parser accepts.
package struct HelpFormatter: Sendable {
    /// The executable's name: `sniffer-bridge`.
    package let program: String

    /// A formatter for `program`.
    package init(program: String) {
        self.program = program
    }

    /// `Usage: sniffer-bridge check --config FILE [--verbose]`.
    package func usage(_ command: any Command, path: String) -> String {
        if !command.subcommands.isEmpty && command.arguments.options.isEmpty && command.arguments.positionals.isEmpty {
            return "Usage: \(program) \(path) <subcommand> [options]"
        }
        var parts = [program, path]
        if !command.subcommands.isEmpty { parts.append("[<subcommand>]") }
        for option in command.arguments.options {
            switch option.kind {
            case .repeated: parts.append("[\(option.synopsis)]...")
            default: parts.append(option.isRequired ? option.synopsis : "[\(option.synopsis)]")
            }
        }
        parts += command.arguments.positionals.map(\.synopsis)
        return "Usage: " + parts.joined(separator: " ")
    }

    /// The page `sniffer-bridge <path> --help` prints.
    package func help(_ command: any Command, path: String) -> String {
        var lines = [usage(command, path: path), "", command.summary]
        if !command.discussion.isEmpty { lines += ["", command.discussion] }
        if !command.subcommands.isEmpty {
            lines += ["", "Subcommands:"]
            lines += table(command.subcommands.map { ($0.name, $0.summary) })
        }
        if !command.arguments.positionals.isEmpty {
            lines += ["", "Arguments:"]
            lines += table(command.arguments.positionals.map { ($0.name, $0.help) })
        }
        var options = command.arguments.options.map { option in
            let short = option.short.map { "-\($0), " } ?? ""
            return (short + option.synopsis, option.isRequired ? Self.required(option.help) : option.help)
        }
        options.append(("-h, --help", "Show this help."))
        lines += ["", "Options:"] + table(options)
        return lines.joined(separator: "\n")
    }

    /// The page `sniffer-bridge --help` prints: every command with its summary.
    package func overview(_ commands: [any Command], summary: String) -> String {
        var rows = commands.map { ($0.name, $0.summary) }
        rows.append(("help", "Show help for the tool or for one command."))
        return ([
            "Usage: \(program) <command> [options]", "", summary, "", "Commands:",
        ] + table(rows) + [
            "",
            "Run '\(program) <command> --help' (or '\(program) help <command>') for a command's options.",
            "'\(program) --version' prints the version and the linked libcurl and SQLite.",
        ]).joined(separator: "\n")
    }

    /// `The config file.` -> `The config file. Required.`
    private static func required(_ help: String) -> String {
        help.isEmpty ? "Required." : help + (help.hasSuffix(".") ? " " : ". ") + "Required."
    }

    /// Two aligned columns, indented by two spaces.
    private func table(_ rows: [(String, String)]) -> [String] {
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { left, right in
            "  " + left + String(repeating: " ", count: width - left.count + 2) + right
        }
    }
}
