import CLI

/// Every top-level command of sniffer-bridge, in the order `--help` lists them.
///
/// To add a command: create `Commands/<Name>Command.swift` with a type
/// conforming to `Command` (see `CLI/Command.swift`), then add one line here.
/// `help`, `--help` and `--version` are handled by `CommandRunner`.
enum CommandRegistry {
    static let all: [any Command] = [
        ServeCommand(),
        CheckCommand(),
        DryRunCommand(),
        TestCommand(),
        DeliveriesCommand(),
        StoreCommand(),
        SimCommand(),
        DemoCommand(),
        VersionCommand(),
    ]
}
