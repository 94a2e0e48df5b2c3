import Config
import Rules
import Store
import Telemetry

/// What the admin API reads from the running gateway, as values and
/// closures, so this target knows nothing of how the gateway is built. The
/// closures read the snapshot in force, so a reload changes the tokens, the
/// mappings and the sources the next request sees.
package struct AdminContext: Sendable {
    package var store: any EventStore
    /// `[admin] tokens` now; none: every `/admin` path is 404.
    package var tokens: @Sendable () -> [BridgeConfig.Token]
    /// The mappings now loaded (explanations and replays use them).
    package var mappings: @Sendable () -> MappingSet
    package var sources: @Sendable () -> [SourceStatus]
    package var targets: @Sendable () -> [TargetStatus]
    /// The target (its name) an action kind is delivered to; `nil` for kinds that go to none.
    package var targetOfKind: @Sendable (String) -> String?
    /// The time the store is written with.
    package var now: @Sendable () -> EpochMillis
    /// Called after a retry or a replay queued work: the scheduler looks at once.
    package var onQueued: @Sendable () -> Void
    package var logger: Logger

    package init(
        store: any EventStore, tokens: @escaping @Sendable () -> [BridgeConfig.Token],
        mappings: @escaping @Sendable () -> MappingSet, sources: @escaping @Sendable () -> [SourceStatus],
        targets: @escaping @Sendable () -> [TargetStatus],
        targetOfKind: @escaping @Sendable (String) -> String? = { _ in nil }, now: @escaping @Sendable () -> EpochMillis,
        onQueued: @escaping @Sendable () -> Void, logger: Logger
    ) {
        self.targetOfKind = targetOfKind
        self.store = store
        self.tokens = tokens
        self.mappings = mappings
        self.sources = sources
        self.targets = targets
        self.now = now
        self.onQueued = onQueued
        self.logger = logger
    }
}

/// One webhook source as `GET /sources` shows it.
package struct SourceStatus: Sendable, Equatable {
    package var name: String
    /// Configured and `enabled`: `POST /hooks/<name>` answers.
    package var enabled: Bool
    /// Counters since the process started, by name (`stored`, `duplicates`, `unmatched`).
    package var counters: [String: Double]

    package init(name: String, enabled: Bool, counters: [String: Double]) {
        self.name = name
        self.enabled = enabled
        self.counters = counters
    }
}

/// One delivery target as `GET /targets` shows it.
package struct TargetStatus: Sendable, Equatable {
    package var name: String
    /// `closed`, `half_open`, `open`, or `disabled`.
    package var breaker: String
    /// While open: when the next probe may go.
    package var probeAt: EpochMillis?
    /// Why its deliveries are paused (a refused token), or `nil`.
    package var pauseReason: String?
    /// Delivery attempts since the process started, by outcome.
    package var counters: [String: Double]

    package init(name: String, breaker: String, probeAt: EpochMillis?, pauseReason: String?, counters: [String: Double]) {
        self.name = name
        self.breaker = breaker
        self.probeAt = probeAt
        self.pauseReason = pauseReason
        self.counters = counters
    }
}
