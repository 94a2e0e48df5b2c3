import Config
import Delivery
import HTTP
import Ingest
import Rules
import Store
import Synchronization
import Telemetry

/// One immutable reading of the config: what ingest, dispatch and the
/// readiness of a reload depend on. A reload builds a complete new snapshot
/// first (parse-then-swap, STYLE.md 14) and only then replaces the current
/// one, so a request or a dispatch pass sees either the old config or the
/// new one, never a mix.
package final class GatewaySnapshot: Sendable {
    /// The validated config file it was built from.
    package let config: BridgeConfig
    /// The config's derived settings (token read, paths resolved).
    package let settings: GatewaySettings
    /// Every rule of every mapping file.
    package let mappings: MappingSet
    /// `POST /hooks/<name>` handlers of the enabled sources, with their secrets.
    package let hooks: [String: any HTTPHandler]

    private init(config: BridgeConfig, settings: GatewaySettings, mappings: MappingSet, hooks: [String: any HTTPHandler]) {
        self.config = config
        self.settings = settings
        self.mappings = mappings
        self.hooks = hooks
    }

    /// Builds every part of a snapshot from a loaded config (the loader read
    /// the token and built the sources, so no configuration problem is left).
    package static func make(
        _ loaded: ConfigLoader.Loaded, store: any EventStore, logger: Logger, metrics: GatewayMetrics,
        clock: any GatewayClock = SystemClock(), spans: (any SpanSink)? = nil, onDispatched: @escaping @Sendable () -> Void
    ) throws(GatewayError) -> GatewaySnapshot {
        let settings = GatewaySettings(loaded.config)
        let sources = loaded.sources
        var hooks: [String: any HTTPHandler] = [:]
        for (name, source) in sources {
            hooks[name] = IngestHandler(
                source: source, store: store, logger: logger, now: { clock.date }, mappings: loaded.mappings,
                metrics: metrics.source(name), spans: spans, onDispatched: onDispatched)
        }
        return GatewaySnapshot(config: loaded.config, settings: settings, mappings: loaded.mappings, hooks: hooks)
    }

    /// The secrets and tokens this config holds (the log scrubber's list).
    package var secrets: [String] {
        [settings.snifferToken] + (settings.snipeIT.map { [$0.token] } ?? []) + config.sources.values.flatMap(\.credentials)
    }
}

/// The current `GatewaySnapshot`, replaced whole by a reload and read (one
/// lock, one retain) per request and per dispatch pass.
package final class SnapshotHolder: Sendable {
    private let current: Mutex<GatewaySnapshot>

    package init(_ snapshot: GatewaySnapshot) {
        current = Mutex(snapshot)
    }

    /// The snapshot in force now.
    package var snapshot: GatewaySnapshot { current.withLock { $0 } }

    /// Puts `snapshot` in force; returns the one it replaces.
    package func swap(_ snapshot: GatewaySnapshot) -> GatewaySnapshot {
        current.withLock { old in
            defer { old = snapshot }
            return old
        }
    }
}

/// `POST /hooks/<name>` for every source the bridge knows: answered by the
/// current snapshot's handler, or 404 (as for any unknown path) while the
/// source is disabled or not configured. So a reload can add, remove or
/// re-key a source without a restart.
struct HookRoute: HTTPHandler {
    let name: String
    let holder: SnapshotHolder

    func handle(_ request: HTTPRequest, responder: HTTPResponder) {
        guard let hook = holder.snapshot.hooks[name] else {
            responder.respond(HTTPError(.notFound, "no route for \(request.path)").response())
            return
        }
        hook.handle(request, responder: responder)
    }
}
