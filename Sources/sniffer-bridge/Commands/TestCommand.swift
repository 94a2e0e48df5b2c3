import CLI

/// `sniffer-bridge test DIR`: runs mapping test cases (the mapping-files issue builds it).
struct TestCommand: Command {
    let name = "test"
    let summary = "Run mapping test cases: payloads with their expected actions."
    let discussion = """
        Each case in DIR is a payload, its headers, and the expected actions in a
        TOML or JSON file beside it. Reports pass or fail per case with a diff of
        expected and actual actions; exits 1 when any case fails, so mappings can
        be kept under test in CI.
        """
    let arguments = ArgumentSpec(
        options: [
            .value("config", short: "c", placeholder: "FILE", help: "The config file naming the mappings under test.", required: true),
        ],
        positionals: [Positional("DIR", help: "The folder holding the test cases.")]
    )

    func run(_ arguments: ParsedArguments, console: Console) async throws -> Int32 {
        notYetAvailable(arguments, console: console)
    }
}
