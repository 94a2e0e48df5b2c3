import Foundation
import JSON
import Rules
import Store
import Telemetry

/// Turns stored events into outbox actions: each pending event is evaluated
/// by the rules and its actions recorded in the same transaction that marks
/// it dispatched. An event no rule wants is dispatched with zero actions.
package struct Dispatcher: Sendable {
    package let store: any EventStore
    package let mappings: MappingSet
    package let logger: Logger
    /// Rule matches and errors by rule (`nil`: not counted).
    package var metrics: GatewayMetrics?
    /// Evaluations made at ingest, used instead of parsing and evaluating a
    /// stored event again (`nil`: every event is evaluated from the store).
    package var evaluations: IngestEvaluations?

    package init(store: any EventStore, mappings: MappingSet, logger: Logger) {
        self.store = store
        self.mappings = mappings
        self.logger = logger
    }

    /// Dispatches up to `limit` pending events; returns how many (0: nothing was pending).
    ///
    /// Events are recorded in waves whose dedup keys do not overlap: within a
    /// wave the `dispatch` calls run concurrently, so the store commits them in
    /// one group (one sync instead of one per event), while the actions of one
    /// key still enter the outbox in event order.
    package func dispatchPending(limit: Int = 256, now: EpochMillis) async throws(StoreError) -> Int {
        let events = try await store.pendingEvents(limit: limit)
        var wave: [(id: Int64, actions: [NewAction])] = []
        var waveKeys = Set<String>()
        for event in events {
            let actions = Self.actions(
                for: event, mappings: mappings, logger: logger, metrics: metrics,
                evaluated: evaluations?.take(event.id))
            let keys = Set(actions.map(\.dedupKey))
            if !waveKeys.isDisjoint(with: keys) {
                try await record(wave, now: now)
                wave.removeAll(keepingCapacity: true)
                waveKeys.removeAll(keepingCapacity: true)
            }
            wave.append((event.id, actions))
            waveKeys.formUnion(keys)
        }
        try await record(wave, now: now)
        return events.count
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

    /// The outbox records of `event`: pure apart from logging rule failures.
    /// `evaluated` is the rules' result for it when already known (made at
    /// ingest); otherwise the stored payload is parsed and evaluated.
    package static func actions(
        for event: StoredEvent, mappings: MappingSet, logger: Logger, metrics: GatewayMetrics? = nil,
        evaluated: EvaluationResult? = nil
    ) -> [NewAction] {
        let result: EvaluationResult
        if let evaluated {
            result = evaluated
        } else {
            let rulesEvent: Event
            do { rulesEvent = try RulesEvent.event(event) } catch {
                logger.error(
                    "Stored payload is not JSON; event dispatched without actions",
                    metadata: [LogKey.eventID: "\(event.id)", LogKey.error: "\(error)"])
                return []
            }
            result = mappings.evaluate(rulesEvent)
        }
        metrics?.record(result, source: event.source)
        for outcome in result.outcomes {
            let metadata: LogMetadata = [
                LogKey.eventID: "\(event.id)", LogKey.deliveryID: "\(event.deliveryID)", LogKey.rule: "\(outcome.rule)",
            ]
            switch outcome.status {
            case .matched(let count):
                logger.info("Rule matched", metadata: metadata.merging(["actions": "\(count)"]) { $1 })
            case .failed(let failure):
                logger.warning("Rule failed", metadata: metadata.merging([LogKey.error: "\(failure)"]) { $1 })
            case .skipped, .notMatched:
                break
            }
        }
        return result.actions.map { action in
            // Actions without a key still need a queue of their own: the event's.
            NewAction(
                dedupKey: action.dedupKey ?? "event:\(event.id)", kind: action.kind.name,
                payload: ActionCodec.encode(action))
        }
    }
}
