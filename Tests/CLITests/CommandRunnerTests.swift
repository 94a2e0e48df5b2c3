import CLI
import Synchronization
import Testing

/// A command that records what it was run with and then does what it is told.
struct FakeCommand: Command {
    enum Behaviour: Sendable { case succeed, fail(any Error & Sendable) }

    let name: String
    let summary: String
    var arguments = ArgumentSpec()
    var subcommands: [any Command] = []
    var behaviour = Behaviour.succeed
    let runs = RunLog()

    func run(_ arguments: ParsedArguments, console: Console) async throws -> Int32 {
        runs.record(arguments.command + " " + arguments.positionals.joined(separator: ","))
        switch behaviour {
        case .succeed:
            console.print("ran \(arguments.command)")
            return 0
        case .fail(let error):
            throw error
        }
    }
}

final class RunLog: Sendable {
    private let entries = Mutex<[String]>([])
    func record(_ entry: String) { entries.withLock { $0.append(entry) } }
    var all: [String] { entries.withLock { $0 } }
}

struct Boom: Error, CustomStringConvertible {
    var description: String { "disk on fire" }
}

@Suite struct CommandRunnerTests {
    let check = FakeCommand(
        name: "check", summary: "Check things.",
        arguments: ArgumentSpec(options: [.value("config", placeholder: "FILE", help: "The config.", required: true)])
    )
    let list = FakeCommand(name: "list", summary: "List them.", arguments: ArgumentSpec(positionals: [
        Positional("ID", arity: .optional, help: "An id."),
    ]))
    var group: FakeCommand { FakeCommand(name: "deliveries", summary: "Deliveries.", subcommands: [list]) }
    let version = FakeCommand(name: "version", summary: "Version.")

    func run(_ words: [String], commands: [any Command]? = nil) async -> (Int32, CapturedConsole) {
        let captured = CapturedConsole()
        let runner = CommandRunner(program: "tool", summary: "A tool.", commands: commands ?? [check, group, version])
        let status = await runner.run(words, console: captured.console)
        return (status, captured)
    }

    @Test func overviewListsEveryCommandAndHelp() async {
        for words in [["--help"], ["-h"], ["help"]] {
            let (status, io) = await run(words)
            #expect(status == 0)
            for name in ["check", "deliveries", "version", "help"] { #expect(io.output.contains("  \(name) ")) }
            #expect(io.output.contains("Check things."))
            #expect(io.error.isEmpty)
        }
    }

    @Test func noCommandIsAUsageError() async {
        let (status, io) = await run([])
        #expect(status == 2)
        #expect(io.output.isEmpty)
        #expect(io.error.contains("Usage: tool <command>"))
    }

    @Test func unknownCommandAndTopLevelOption() async {
        let (status, io) = await run(["chek"])
        #expect(status == 2)
        #expect(io.error.hasPrefix("tool: unknown command 'chek'\n"))
        #expect(io.error.contains("Commands:"))
        let (optionStatus, optionIO) = await run(["--verbose"])
        #expect(optionStatus == 2)
        #expect(optionIO.error.hasPrefix("tool: unknown option '--verbose'\n"))
    }

    @Test func runsTheCommandWithParsedArguments() async {
        let (status, io) = await run(["check", "--config", "a.toml"])
        #expect(status == 0)
        #expect(io.output == "ran check\n")
        #expect(check.runs.all == ["check "])
    }

    @Test func badArgumentsPrintErrorAndUsageAndExit2WithoutRunning() async {
        let (status, io) = await run(["check", "--config", "a", "--foo"])
        #expect(status == 2)
        #expect(io.error == """
            tool: unknown option '--foo' for 'check'
            Usage: tool check --config FILE
            Run 'tool check --help' for details.

            """)
        #expect(check.runs.all.isEmpty)
    }

    @Test func commandHelpComesFromTheSpec() async {
        for words in [["check", "--help"], ["help", "check"]] {
            let (status, io) = await run(words)
            #expect(status == 0)
            #expect(io.output.hasPrefix("Usage: tool check --config FILE\n\nCheck things.\n"))
            #expect(io.output.contains("  --config FILE  The config. Required."))
            #expect(io.output.contains("-h, --help"))
        }
        #expect(check.runs.all.isEmpty)
    }

    @Test func subcommandsDispatchAndReportTheirPath() async {
        let (status, io) = await run(["deliveries", "list", "42"])
        #expect(status == 0)
        #expect(io.output == "ran deliveries list\n")
        #expect(list.runs.all == ["deliveries list 42"])

        let (helpStatus, helpIO) = await run(["help", "deliveries", "list"])
        #expect(helpStatus == 0)
        #expect(helpIO.output.hasPrefix("Usage: tool deliveries list [ID]"))

        let (badStatus, badIO) = await run(["deliveries", "list", "--nope"])
        #expect(badStatus == 2)
        #expect(badIO.error.hasPrefix("tool: unknown option '--nope' for 'deliveries list'"))
    }

    @Test func groupWithoutOrWithUnknownSubcommand() async {
        let (status, io) = await run(["deliveries"])
        #expect(status == 2)
        #expect(io.error.hasPrefix("tool: missing subcommand for 'deliveries'"))

        let (unknownStatus, unknownIO) = await run(["deliveries", "purge"])
        #expect(unknownStatus == 2)
        #expect(unknownIO.error.hasPrefix("tool: unknown subcommand 'purge' for 'deliveries'"))

        let (helpStatus, helpIO) = await run(["deliveries", "--help"])
        #expect(helpStatus == 0)
        #expect(helpIO.output.contains("Subcommands:\n  list  List them."))

        let (badHelpStatus, badHelpIO) = await run(["help", "deliveries", "purge"])
        #expect(badHelpStatus == 2)
        #expect(badHelpIO.error.hasPrefix("tool: unknown subcommand 'purge' for 'deliveries'"))
    }

    @Test func versionFlagRunsTheVersionCommand() async {
        let (status, io) = await run(["--version"])
        #expect(status == 0)
        #expect(io.output == "ran version\n")
        let (missingStatus, _) = await run(["--version"], commands: [check])
        #expect(missingStatus == 2)
    }

    @Test func errorsThrownByCommandsMapToExitCodes() async {
        func failing(_ error: any Error & Sendable) -> FakeCommand {
            FakeCommand(name: "go", summary: "Go.", behaviour: .fail(error))
        }
        let (usage, usageIO) = await run(["go"], commands: [failing(ArgumentError(.invalidValue, "bad port"))])
        #expect(usage == 2)
        #expect(usageIO.error.hasPrefix("tool: bad port\nUsage: tool go"))

        let (custom, customIO) = await run(["go"], commands: [failing(CommandFailure("3 rules failed", exitCode: 3))])
        #expect(custom == 3)
        #expect(customIO.error == "3 rules failed\n")

        let (other, otherIO) = await run(["go"], commands: [failing(Boom())])
        #expect(other == 1)
        #expect(otherIO.error == "tool go: disk on fire\n")
    }
}
