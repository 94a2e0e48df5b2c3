import CLI

/// `sniffer-bridge sim`: the Sniffer API simulator (the outbound issue builds it).
struct SimCommand: Command {
    let name = "sim"
    let summary = "Run the Sniffer API simulator (for tests, benchmarks and the demo)."
    let discussion = """
        Serves the Sniffer API endpoints the bridge uses, with in-memory state,
        the reference's error shapes and 401 messages, and fault injection at run
        time through POST /_sim/faults (GET /_sim/requests shows what it received).
        """
    let arguments = ArgumentSpec(options: [
        .value("listen", placeholder: "HOST:PORT", help: "Address to listen on (default 127.0.0.1:8090)."),
        .value("state", placeholder: "FILE", help: "Load state from FILE on start and save it there on exit."),
    ])
    let subcommands: [any Command] = [SimTokenCommand()]

    func run(_ arguments: ParsedArguments, console: Console) async throws -> Int32 {
        notYetAvailable(arguments, console: console)
    }
}

/// `sniffer-bridge sim token`: mints a token the simulator accepts.
struct SimTokenCommand: Command {
    let name = "token"
    let summary = "Mint an API token the simulator accepts."
    let arguments = ArgumentSpec(options: [
        .value("company", placeholder: "ID", help: "The company the token belongs to.", required: true),
        .value("expires-in", placeholder: "DURATION", help: "Validity, e.g. 30d, 12h (default 30d)."),
    ])

    func run(_ arguments: ParsedArguments, console: Console) async throws -> Int32 {
        notYetAvailable(arguments, console: console)
    }
}
