import CLI
import Foundation

// First, before any thread starts: signals are taken by one thread with
// sigwait, so none is lost (see ProcessSignals).
ProcessSignals.shared.install()

// Every command line goes through the runner: it picks the command from
// `CommandRegistry`, parses and checks its arguments, and turns errors into
// messages and exit codes (0 ok, 1 failed, 2 bad command line).
let runner = CommandRunner(
    program: "sniffer-bridge",
    summary: "A webhook gateway from CI, Jira and Slack to the Sniffer bug tracker.",
    commands: CommandRegistry.all
)
let status = await runner.run(Array(CommandLine.arguments.dropFirst()), console: .standard)
exit(status)
