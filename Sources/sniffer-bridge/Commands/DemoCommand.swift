import CLI

/// `sniffer-bridge demo`: simulator and gateway together (the production issue builds it).
struct DemoCommand: Command {
    let name = "demo"
    let summary = "Start the simulator and the gateway together and print curl commands to try."
    let discussion = """
        Runs the Sniffer simulator and the gateway with the shipped mappings and a
        data directory, then prints ready-to-paste curl commands: a signed GitHub
        failure, a second failure, a success, and the command listing the bugs the
        simulator now holds. This is what 'make run' starts.
        """
    let arguments = ArgumentSpec(options: [
        .value("data", placeholder: "DIR", help: "Data directory for the gateway's store (default ./data)."),
        .value("listen", placeholder: "HOST:PORT", help: "Address of the gateway (default 127.0.0.1:8080)."),
    ])

    func run(_ arguments: ParsedArguments, console: Console) async throws -> Int32 {
        notYetAvailable(arguments, console: console)
    }
}
