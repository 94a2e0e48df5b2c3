import Foundation
import Ingest
import JSON
import Rules
import Store
import Telemetry

/// Records the actions of events stored without them: the ones a power loss
/// took back to the payload log (recovered as pending), and the ones appended
/// behind those. Fresh events get their actions at ingest, in the append's own
/// transaction, and never come here.
///
/// Each pending event's payload is read, evaluated by the current rules, and
/// its actions recorded in the same transaction that marks it dispatched. An
/// event no rule wants is dispatched with zero actions.
package struct Dispatcher: Sendable {
    package let store: any Inbox & EventDispatch
    package let mappings: MappingSet
    package let logger: Logger
    /// Rule matches and errors by rule (`nil`: not counted).
    package var metrics: GatewayMetrics?

    package init(store: any Inbox & EventDispatch, mappings: MappingSet, logger: Logger) {
        self.store = store
        self.mappings = mappings
        self.logger = logger
    }

    /// Dispatches up to `limit` pending events, oldest first; returns how
    /// many (0: nothing was pending).
    ///
    /// Events are recorded in waves whose dedup keys do not overlap: within a
    /// wave the `dispatch` calls run concurrently, so the store commits them in
    /// one group, while the actions of one key still enter the outbox in event
    /// order.
    package func dispatchPending(limit: Int = 256, now: EpochMillis) async throws(StoreError) -> Int {
        let pending = try await store.pendingEvents(limit: limit)
        var wave: [(id: Int64, actions: [NewAction])] = []
        var waveKeys = Set<String>()
        for summary in pending {
            let actions: [NewAction]
            do {
                // Pruned or dispatched meanwhile: nothing left to do for it.
                guard let event = try await store.event(id: summary.id), event.state == .pending else { continue }
                actions = self.actions(for: event)
            } catch where error.code == .database {
                // A damaged payload can never be evaluated; left pending, it
                // would hold every later event behind it for good.
                logger.error(
                    "Stored payload cannot be read; event dispatched without actions",
                    metadata: [LogKey.eventID: "\(summary.id)", LogKey.deliveryID: "\(summary.deliveryID)", LogKey.error: "\(error)"])
                actions = []
            }
            let keys = Set(actions.map(\.dedupKey))
            if !waveKeys.isDisjoint(with: keys) {
                try await record(wave, now: now)
                wave.removeAll(keepingCapacity: true)
                waveKeys.removeAll(keepingCapacity: true)
            }
            wave.append((summary.id, actions))
            waveKeys.formUnion(keys)
        }
        try await record(wave, now: now)
        return pending.count
    }

    /// Records one wave concurrently; the first error other than "already dispatched" is thrown.
    private func record(_ wave: [(id: Int64, actions: [NewAction])], now: EpochMillis) async throws(StoreError) {
        let store = self.store
        let errors = await withTaskGroup(of: StoreError?.self) { group in
            for entry in wave {
                group.addTask {
                    do throws(StoreError) {
                        try await store.dispatch(eventID: entry.id, actions: entry.actions, now: now)
                        return nil
                    } catch {
                        // Already dispatched (by another dispatcher): nothing to do.
                        return error.code == .wrongState ? nil : error
                    }
                }
            }
            var errors: [StoreError] = []
            for await error in group { if let error { errors.append(error) } }
            return errors
        }
        if let first = errors.first { throw first }
    }

    /// The outbox records of `event`, from its stored payload; logs and
    /// counts what the rules did.
    package func actions(for event: StoredEvent) -> [NewAction] {
        let rulesEvent: RuleEvent
        do { rulesEvent = try RuleEventConversion.event(event) } catch {
            logger.error(
                "Stored payload is not JSON; event dispatched without actions",
                metadata: [LogKey.eventID: "\(event.id)", LogKey.error: "\(error)"])
            return []
        }
        let result = mappings.evaluate(rulesEvent)
        // The trace the ingest stored with the event (none for an event stored before traces were kept).
        let trace = IngestTrace.context(in: event.headers)
        RuleReport.record(
            result, eventID: event.id, source: event.source, deliveryID: event.deliveryID, traceID: trace?.traceID.hex,
            logger: logger, metrics: metrics?.ingest)
        return RuleReport.actions(result, source: event.source, deliveryID: event.deliveryID, trace: trace)
    }
}
