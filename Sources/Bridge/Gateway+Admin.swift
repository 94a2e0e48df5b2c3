import Admin
import Config
import Delivery
import HTTP
import Store

/// The admin API's view of a running gateway: the snapshot in force (its
/// tokens, mappings and sources), the scheduler's breakers and the metrics.
extension Gateway {
    static func admin(
        store: any EventStore, snapshots: SnapshotHolder, scheduler: DeliveryScheduler, metrics: GatewayMetrics, options: Options
    ) -> AdminAPI {
        let clock = options.clock
        let context = AdminContext(
            store: store, tokens: { snapshots.snapshot.config.admin.tokens }, mappings: { snapshots.snapshot.mappings },
            sources: {
                let config = snapshots.snapshot.config
                return SourceRegistry.names.map { name in
                    SourceStatus(
                        name: name, enabled: config.sources[name]?.enabled ?? false,
                        counters: metrics.ingest.counters(of: name))
                }
            },
            targets: {
                scheduler.targetStatuses.map { status in
                    TargetStatus(
                        name: status.target.rawValue, breaker: status.breakerEnabled ? status.breaker.name : "disabled",
                        probeAt: status.probeAt, pauseReason: status.pauseReason,
                        counters: metrics.delivery.breakers.counters(of: status.target))
                }
            },
            targetOfKind: { DeliveryTarget(kindName: $0)?.rawValue },
            now: { clock.now }, onQueued: { scheduler.poke() }, logger: options.logger)
        return AdminAPI(context: context)
    }
}
