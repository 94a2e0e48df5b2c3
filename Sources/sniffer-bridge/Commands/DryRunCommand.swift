import CLI

/// `sniffer-bridge dry-run`: the actions the rules would take for one payload (the mapping-files issue builds it).
struct DryRunCommand: Command {
    let name = "dry-run"
    let summary = "Print, as JSON, the actions the rules would take for one payload, with no network."
    let discussion = """
        Runs exactly what the gateway runs for an incoming webhook, from signature
        checks to rule evaluation, then prints the resulting actions instead of
        storing or delivering them. With --explain, shows for every rule whether it
        matched and, if not, which part of its condition was false and the values seen.
        """
    let arguments = ArgumentSpec(options: [
        .value("config", short: "c", placeholder: "FILE", help: "The config file (TOML).", required: true),
        .value("source", placeholder: "SOURCE", help: "github, gitlab, jenkins, ci, jira or slack.", required: true),
        .value("payload", placeholder: "FILE", help: "The webhook body ('-' for standard input).", required: true),
        .repeated("header", placeholder: "'NAME: VALUE'", help: "A request header; repeat for several."),
        .flag("explain", help: "Show, for every rule, whether it matched and why not."),
    ])

    func run(_ arguments: ParsedArguments, console: Console) async throws -> Int32 {
        notYetAvailable(arguments, console: console)
    }
}
