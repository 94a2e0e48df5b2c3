import Bridge
import Config
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
        error. SIGHUP reloads the config and every mapping at once: a broken new
        config is rejected with its file:line:col errors logged and the running one
        stays; the listen address and the store need a restart. SIGTERM and SIGINT
        stop accepting, answer what is in flight, give running deliveries
        [server].shutdown_timeout (default 10s) to finish, and exit 0; the rest
        stays in the outbox for the next start.
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
        let secrets = [loaded.config.sniffer.token, loaded.config.snipeIT?.token].compactMap { $0 } + loaded.config.sources.values.flatMap(\.credentials)
        let scrubber = SecretScrubber(secrets: secrets)
        let logger = Logger(label: "sniffer_bridge", handler: StreamLogHandler(format: format, scrubber: scrubber))
        let gateway: Gateway
        do {
            gateway = try Gateway(loaded: loaded, options: Gateway.Options(logger: logger))
        } catch {
            throw CommandFailure("sniffer-bridge serve: \(error)")
        }
        try? gateway.metrics.registry.buildInfo(labels: BuildInfo.metricLabels)
        var scrubbed = Set(secrets + gateway.configuredSecrets)
        scrubber.replaceSecrets(Array(scrubbed))
        Self.warnAboutShortSecrets(gateway.configuredSecrets, logger: logger)
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
        for await received in signals {
            guard received == SIGHUP else {
                signal = received
                break
            }
            Self.reload(path: path, gateway: gateway, logger: logger, scrubber: scrubber, scrubbed: &scrubbed)
        }
        logger.notice("Stopping", metadata: ["signal": "\(signal)"])
        await gateway.stop()
        return 0
    }

    /// One warning when any configured secret or token is short (which ones
    /// is not said: naming a secret's place beside its length helps a guess).
    static func warnAboutShortSecrets(_ secrets: [String], logger: Logger) {
        let short = SecretScrubber.shortCount(secrets)
        guard short > 0 else { return }
        logger.warning(
            """
            \(short) configured secret\(short == 1 ? " or token is" : "s or tokens are") shorter than \
            \(SecretScrubber.minimumLength) characters: easy to guess, and log lines mask every occurrence \
            of one, inside words too; use at least 16 random characters
            """,
            metadata: ["short_secrets": "\(short)"])
    }

    /// SIGHUP: loads `path` again and swaps it in, or logs why not; one line either way.
    static func reload(path: String, gateway: Gateway, logger: Logger, scrubber: SecretScrubber, scrubbed: inout Set<String>) {
        let loaded: ConfigLoader.Loaded
        do { loaded = try ConfigLoader.load(path: path) } catch {
            logger.error(
                "Reload rejected: \(error.lines.joined(separator: "; "))",
                metadata: ["errors": "\(error.diagnostics.count)", "config": "\(path)"])
            return
        }
        // Old secrets stay scrubbed too: a sender may still use one.
        scrubbed.formUnion([loaded.config.sniffer.token, loaded.config.snipeIT?.token].compactMap { $0 } + loaded.config.sources.values.flatMap(\.credentials))
        scrubber.replaceSecrets(Array(scrubbed))
        let report: ReloadReport
        do { report = try gateway.reload(loaded) } catch {
            logger.error("Reload rejected: \(error)", metadata: ["config": "\(path)"])
            return
        }
        scrubbed.formUnion(gateway.configuredSecrets)
        scrubber.replaceSecrets(Array(scrubbed))
        warnAboutShortSecrets(gateway.configuredSecrets, logger: logger)
        var metadata: LogMetadata = ["config": "\(path)", "sniffer_client_replaced": "\(report.snifferReplaced)"]
        if !report.sourcesAdded.isEmpty { metadata["sources_added"] = "\(report.sourcesAdded.joined(separator: ","))" }
        if !report.sourcesRemoved.isEmpty { metadata["sources_removed"] = "\(report.sourcesRemoved.joined(separator: ","))" }
        if !report.needsRestart.isEmpty {
            metadata["needs_restart"] = "\(report.needsRestart.joined(separator: ","))"
            logger.warning("\(report.summary); changed settings that need a restart keep their running values", metadata: metadata)
        } else {
            logger.notice("\(report.summary)", metadata: metadata)
        }
    }
}
