import Bridge
import Glibc
import CLI
import Rules
import Telemetry

/// `sniffer-bridge serve --config FILE`: runs the gateway (logic in Bridge).
struct ServeCommand: Command {
    let name = "serve"
    let summary = "Run the gateway: receive webhooks, store them, deliver their actions to Sniffer."
    let discussion = """
        Listens on [server].listen for POST /hooks/<source> (github, gitlab, jenkins,
        ci, jira, slack). A 2xx answer to a webhook means the event is on disk; its
        actions are then delivered to the Sniffer API exactly once in effect, with
        retries and dead letters (see `sniffer-bridge deliveries`). On start it
        prints one JSON line with the address it listens on; logs go to standard
        error. SIGTERM and SIGINT stop accepting, finish what is in flight and exit 0.
        """
    let arguments = ArgumentSpec(options: [
        .value("config", short: "c", placeholder: "FILE", help: "The config file (TOML).", required: true),
        .value("log-format", placeholder: "FORMAT", help: "Log lines as 'json' (default) or 'text'."),
    ])

    func run(_ arguments: ParsedArguments, console: Console) async throws -> Int32 {
        let path = try arguments.required("config")
        let formatName = arguments.value("log-format") ?? "json"
        guard let format = LogFormat(name: formatName) else {
            throw ArgumentError.invalidValue(formatName, for: "--log-format", expected: "json or text")
        }
        let loaded: ConfigLoader.Loaded
        do { loaded = try ConfigLoader.load(path: path) } catch {
            throw CommandFailure("\(error)")
        }
        let secrets = [loaded.config.sniffer.token].compactMap { $0 } + loaded.config.sources.values.flatMap(\.secrets)
        let logger = Logger(
            label: "sniffer_bridge", handler: StreamLogHandler(format: format, scrubber: SecretScrubber(secrets: secrets)))
        let gateway: Gateway
        do {
            gateway = try Gateway(loaded: loaded, options: Gateway.Options(logger: logger))
        } catch {
            throw CommandFailure("sniffer-bridge serve: \(error)")
        }
        // Subscribed before the ready line, so a SIGTERM right after it is seen.
        let signals = ProcessSignals.shared.stream()
        do {
            let address = try await gateway.start()
            console.print(#"{"listen": "\#(address)"}"#)
        } catch {
            await gateway.stop()
            throw CommandFailure("sniffer-bridge serve: \(error)")
        }
        var signal = SIGTERM
        // SIGHUP (config reload) is not handled yet: it must not stop the gateway.
        for await received in signals where received != SIGHUP {
            signal = received
            break
        }
        logger.notice("Stopping", metadata: ["signal": "\(signal)"])
        await gateway.stop()
        return 0
    }
}
