import CLI

/// `sniffer-bridge check --config FILE`: validates config and mappings (the mapping-files issue builds it).
struct CheckCommand: Command {
    let name = "check"
    let summary = "Validate the config file and every mapping file it names."
    let discussion = """
        Prints every error as 'file:line:col: message' and exits 1, or prints a
        one-line summary (e.g. '12 rules in 5 files OK') and exits 0. Nothing is
        started and nothing is sent.
        """
    let arguments = ArgumentSpec(options: [
        .value("config", short: "c", placeholder: "FILE", help: "The config file (TOML).", required: true),
    ])

    func run(_ arguments: ParsedArguments, console: Console) async throws -> Int32 {
        notYetAvailable(arguments, console: console)
    }
}
