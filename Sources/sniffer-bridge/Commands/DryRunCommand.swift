import CLI
import Foundation
import JSON
import Rules

/// `sniffer-bridge dry-run`: the actions the rules would take for one payload.
struct DryRunCommand: Command {
    let name = "dry-run"
    let summary = "Print, as JSON, the actions the rules would take for one payload, with no network."
    let discussion = """
        Runs exactly the rule evaluation the gateway runs for an incoming webhook,
        then prints the resulting actions (a JSON array on standard output) instead
        of storing or delivering them. Signatures are not checked. The event name
        comes from the source's header or payload (X-GitHub-Event, X-Gitlab-Event,
        webhookEvent, the Slack command) unless --event gives it. With --explain,
        standard error shows for every rule whether it matched and, if not, which
        part of its condition was false and the values seen.
        """
    let arguments = ArgumentSpec(options: [
        .value("config", short: "c", placeholder: "FILE", help: "The config file (TOML).", required: true),
        .value("source", placeholder: "SOURCE", help: "github, gitlab, jenkins, ci, jira or slack.", required: true),
        .value("payload", placeholder: "FILE", help: "The webhook body ('-' for standard input).", required: true),
        .repeated("header", placeholder: "'NAME: VALUE'", help: "A request header; repeat for several."),
        .value("event", placeholder: "NAME", help: "The event name, if not taken from the headers or payload."),
        .flag("explain", help: "Show, for every rule, whether it matched and why not."),
    ])

    func run(_ arguments: ParsedArguments, console: Console) async throws -> Int32 {
        let path = try arguments.required("config")
        let source = try arguments.required("source")
        let payloadPath = try arguments.required("payload")
        let loaded: ConfigLoader.Loaded
        do {
            loaded = try ConfigLoader.load(path: path)
        } catch {
            for line in error.lines { console.error(line) }
            return 1
        }
        let body: Data?
        if payloadPath == "-" {
            body = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            body = FileManager.default.contents(atPath: payloadPath)
        }
        guard let body else {
            console.error("dry-run: cannot read payload \(payloadPath)")
            return 1
        }
        let event: Event
        do {
            let headers = try EventDecoder.headers(arguments.values("header"))
            event = try EventDecoder.event(
                source: source, body: [UInt8](body), headers: headers, eventName: arguments.value("event"),
                receivedAt: Date())
        } catch {
            console.error("dry-run: \(error.description)")
            return 1
        }
        let explain = arguments.flag("explain")
        let result = loaded.mappings.evaluate(event, explain: explain)
        console.print(result.actionsJSON.serialized([.pretty]))
        if explain {
            for line in ExplainReport.lines(result) { console.error(line) }
        } else {
            for failure in result.failures { console.error("warning: " + failure) }
        }
        return 0
    }
}
