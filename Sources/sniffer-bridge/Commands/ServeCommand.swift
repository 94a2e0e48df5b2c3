import CLI

/// `sniffer-bridge serve --config FILE`: runs the gateway (the pipeline issue builds it).
struct ServeCommand: Command {
    let name = "serve"
    let summary = "Run the gateway: receive webhooks, store them, deliver their actions to Sniffer."
    let discussion = """
        Listens on [server].listen for POST /hooks/<source> (github, gitlab, jenkins,
        ci, jira, slack) and GET /healthz, /readyz, /metrics. A 2xx answer to a
        webhook means the event is on disk; its actions are then delivered to the
        Sniffer API exactly once in effect, with retries and dead letters.
        SIGHUP reloads the config; SIGTERM and SIGINT drain and exit 0.
        """
    let arguments = ArgumentSpec(options: [
        .value("config", short: "c", placeholder: "FILE", help: "The config file (TOML).", required: true),
        .value("log-format", placeholder: "FORMAT", help: "Log lines as 'json' (default) or 'text'."),
    ])

    func run(_ arguments: ParsedArguments, console: Console) async throws -> Int32 {
        notYetAvailable(arguments, console: console)
    }
}
