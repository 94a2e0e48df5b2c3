import Bridge
import CLI
import Config
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
        of storing or delivering them. The payload is decoded by the same source
        adapter as serve (signatures are not checked), so the event name is the
        one serve uses: X-GitHub-Event, X-Gitlab-Event, Jira's webhookEvent, the
        Jenkins phase (finalized, completed, ...), the CI status, the Slack command
        without its slash (bug); --event overrides it. Content-Type and GitHub's
        X-GitHub-Delivery are filled in when not given. With --explain,
        standard error shows for every rule whether it matched and, if not, which
        part of its condition was false and the values seen.
        """
    let arguments = ArgumentSpec(options: [
        .value("config", short: "c", placeholder: "FILE", help: "The config file (TOML).", required: true),
        .value("source", placeholder: "SOURCE", help: Self.sourceNames + ".", required: true),
        .value("payload", placeholder: "FILE", help: "The webhook body ('-' for standard input).", required: true),
        .repeated("header", placeholder: "'NAME: VALUE'", help: "A request header; repeat for several."),
        .value("event", placeholder: "NAME", help: "The event name, if not taken from the headers or payload."),
        .flag("explain", help: "Show, for every rule, whether it matched and why not."),
    ])

    /// `github, gitlab, ... or slack`: every source the registry knows.
    static var sourceNames: String {
        let names = SourceRegistry.names
        guard let last = names.last, names.count > 1 else { return names.joined() }
        return names.dropLast().joined(separator: ", ") + " or " + last
    }

    func run(_ arguments: ParsedArguments, console: Console) async throws -> Int32 {
        let path = try arguments.required("config")
        let source = try arguments.required("source")
        let payloadPath = try arguments.required("payload")
        // Nothing is sent, so the Sniffer token is not needed (all else is checked as for serve).
        let mappings: MappingSet
        do {
            mappings = try MappingSet.load(configPath: path)
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
        let event: RuleEvent?
        do {
            let headers = try RawDelivery.headers(lines: arguments.values("header"))
            event = try OfflineDecoder.decode(
                RawDelivery(
                    source: source, body: [UInt8](body), headers: headers, eventName: arguments.value("event"),
                    receivedAt: Date()))
        } catch {
            console.error("dry-run: \(error.description)")
            return 1
        }
        guard let event else {
            console.print("[]")
            console.error("dry-run: the gateway answers this delivery itself (e.g. GitHub ping); no rule runs")
            return 0
        }
        let explain = arguments.flag("explain")
        let result = mappings.evaluate(event, explain: explain)
        console.print(result.actionsJSON.serialized([.pretty]))
        if explain {
            for line in ExplainReport.lines(result) { console.error(line) }
        } else {
            for failure in result.failures { console.error("warning: " + failure) }
        }
        return 0
    }
}
