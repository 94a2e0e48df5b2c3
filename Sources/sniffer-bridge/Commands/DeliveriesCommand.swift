import CLI

/// `sniffer-bridge deliveries`: inspect and act on the outbox (the pipeline issue builds it).
struct DeliveriesCommand: Command {
    let name = "deliveries"
    let summary = "List, show, retry or drop deliveries in the data directory."
    let discussion = """
        Works on the data directory whether the gateway runs or not. Give either
        --config (the data directory is [store].path) or --data to each subcommand.
        """
    let subcommands: [any Command] = [
        DeliveriesSubcommand(
            name: "list", summary: "List deliveries, newest first.",
            options: [.value("state", placeholder: "STATE", help: "Only 'pending', 'done' or 'dead' deliveries.")]
        ),
        DeliveriesSubcommand(
            name: "show", summary: "Show one delivery: its event, action, attempts and errors.",
            positionals: [Positional("ID", help: "The delivery's id.")]
        ),
        DeliveriesSubcommand(
            name: "retry", summary: "Queue a dead delivery (or all of them) for delivery again.",
            options: [.flag("all-dead", help: "Retry every dead delivery.")],
            positionals: [Positional("ID", arity: .optional, help: "The delivery's id (or use --all-dead).")]
        ),
        DeliveriesSubcommand(
            name: "drop", summary: "Remove a delivery from the outbox for good.",
            positionals: [Positional("ID", help: "The delivery's id.")]
        ),
    ]

    func run(_ arguments: ParsedArguments, console: Console) async throws -> Int32 {
        notYetAvailable(arguments, console: console)
    }
}

/// One of `deliveries list|show|retry|drop`; all share `--config` / `--data`.
struct DeliveriesSubcommand: Command {
    let name: String
    let summary: String
    let arguments: ArgumentSpec

    init(name: String, summary: String, options: [Option] = [], positionals: [Positional] = []) {
        self.name = name
        self.summary = summary
        self.arguments = ArgumentSpec(
            options: [
                .value("config", short: "c", placeholder: "FILE", help: "The config file; its [store].path is used."),
                .value("data", placeholder: "DIR", help: "The data directory, instead of --config."),
            ] + options,
            positionals: positionals
        )
    }

    func run(_ arguments: ParsedArguments, console: Console) async throws -> Int32 {
        notYetAvailable(arguments, console: console)
    }
}
