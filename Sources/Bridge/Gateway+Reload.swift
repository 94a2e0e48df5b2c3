import Config
import Delivery
import SnipeIT
import Rules

/// What a reload changed, for its one log line.
public struct ReloadReport: Sendable, Equatable {
    /// Rules and mapping files now in force.
    public var rules: Int
    public var files: Int
    /// Settings that changed in the file but apply only after a restart
    /// (`server.listen`, `store.path`, ...): the running values stay.
    public var needsRestart: [String]
    /// Sources whose `POST /hooks/<name>` now answers, and those that now answer 404.
    public var sourcesAdded: [String]
    public var sourcesRemoved: [String]
    /// Whether deliveries now use a new Sniffer client (token, base URL,
    /// project or integration-key names changed, or they were paused).
    public var snifferReplaced: Bool

    /// `Reloaded: 12 rules in 5 files`.
    public var summary: String {
        "Reloaded: \(rules) rule\(rules == 1 ? "" : "s") in \(files) file\(files == 1 ? "" : "s")"
    }
}

extension Gateway {
    /// Puts a newly loaded config in force, all at once (parse-then-swap):
    /// the mappings used by ingest and dispatch, the sources and their
    /// secrets, and the Sniffer token, base URL, project and integration-key
    /// names, and each target's breaker settings (a target whose address
    /// changed gets a closed breaker). Requests and dispatch passes that
    /// started earlier finish with the old snapshot; the next ones use the
    /// new one. Deliveries paused by a refused token resume. A config the
    /// loader accepted is one the gateway can use: its token is read and
    /// its sources are built.
    ///
    /// The listen address, body limit, store, retry policy and delivery
    /// concurrency are fixed for the process's life: a change is reported in
    /// `needsRestart` and otherwise ignored.
    public func reload(_ loaded: ConfigLoader.Loaded) throws(GatewayError) -> ReloadReport {
        let scheduler = self.scheduler
        let next = try GatewaySnapshot.make(
            loaded, store: store, logger: options.logger, metrics: metrics, clock: options.clock, spans: spanExporter,
            onDispatched: { scheduler.poke() })
        return reloading.withLock { _ in install(next) }
    }

    /// Swaps `next` in and replaces the Sniffer client if needed (under `reloading`).
    private func install(_ next: GatewaySnapshot) -> ReloadReport {
        let previous = snapshots.swap(next)
        let old = previous.settings
        let new = next.settings
        var snifferChanged =
            old.snifferToken != new.snifferToken || old.snifferBaseURL != new.snifferBaseURL
            || old.defaultProject != new.defaultProject || old.integrationKey != new.integrationKey
            || old.bugLinks != new.bugLinks || old.customFields != new.customFields
        // A paused scheduler gets a fresh client even with the same token: the
        // operator may have fixed the token on Sniffer's side. If it is still
        // refused, the first delivery pauses again.
        if scheduler.pauseReason(of: .sniffer) != nil { snifferChanged = true }
        let snipeITChanged = old.snipeIT != new.snipeIT || scheduler.pauseReason(of: .snipeIT) != nil
        if snifferChanged || snipeITChanged {
            let snipeIT = snipeITClient.withLock { current in
                if snipeITChanged { current = Self.snipeITClient(new, transport: transport, metrics: metrics) }
                return current
            }
            var resuming: [DeliveryTarget] = []
            if snifferChanged { resuming.append(.sniffer) }
            if snipeITChanged { resuming.append(.snipeIT) }
            scheduler.replaceExecutor(
                Self.executor(
                    token: new.snifferToken, settings: new, transport: transport, store: store, options: options,
                    metrics: metrics, snipeIT: snipeIT),
                resuming: resuming)
        }
        let moved = DeliveryTarget.allCases.filter { old.address(of: $0) != new.address(of: $0) }
        scheduler.configureBreakers(new.breakers, resetting: Set(moved))
        let before = Set(previous.hooks.keys)
        let after = Set(next.hooks.keys)
        return ReloadReport(
            rules: next.mappings.rules.count, files: next.mappings.files.count,
            needsRestart: Self.restartOnly(running: settings, runningConfig: previous.config, new: next),
            sourcesAdded: after.subtracting(before).sorted(), sourcesRemoved: before.subtracting(after).sorted(),
            snifferReplaced: snifferChanged)
    }

    /// The secrets and tokens of the config in force (for the log scrubber).
    public var configuredSecrets: [String] { snapshots.snapshot.secrets }

    /// The restart-only settings that differ between what runs and `new`.
    static func restartOnly(running: GatewaySettings, runningConfig: BridgeConfig, new: GatewaySnapshot) -> [String] {
        var changed: [String] = []
        let next = new.settings
        if running.host != next.host || running.port != next.port { changed.append("server.listen") }
        if running.maxBodyBytes != next.maxBodyBytes { changed.append("server.max_body_bytes") }
        if running.headTimeout != next.headTimeout { changed.append("server.head_timeout") }
        if running.bodyTimeout != next.bodyTimeout { changed.append("server.body_timeout") }
        if running.maxReceivingConnections != next.maxReceivingConnections {
            changed.append("server.max_receiving_connections")
        }
        let (was, now) = (runningConfig.store, new.config.store)
        if was.backend != now.backend { changed.append("store.backend") }
        if running.store.directory != next.store.directory { changed.append("store.path") }
        if was.durability != now.durability { changed.append("store.durability") }
        if was.reserveBytes != now.reserveBytes { changed.append("store.reserve_bytes") }
        if was.url != now.url { changed.append("store.url") }
        if was.schema != now.schema { changed.append("store.schema") }
        if was.leaseMilliseconds != now.leaseMilliseconds { changed.append("store.lease") }
        if runningConfig.retry != new.config.retry { changed.append("retry") }
        if runningConfig.delivery != new.config.delivery { changed.append("delivery.concurrency") }
        if runningConfig.tracing != new.config.tracing { changed.append("tracing") }
        return changed
    }
}
