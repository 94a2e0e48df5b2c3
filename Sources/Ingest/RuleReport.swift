import Rules
import Store
import Telemetry

/// What the rules' result for one event becomes once the event is stored:
/// its outbox records, its log lines and its rule metrics. The ingest (events
/// evaluated as they arrive) and the dispatcher (events stored without an
/// evaluation) both go through here, so both record the same.
package enum RuleReport {
    /// The outbox records of `result`, in order. Actions without a dedup key
    /// still need a queue of their own: the event's, named by its dedup
    /// identity (source and delivery id), which is known before it is stored.
    /// Each carries `trace`, the span its delivery attempts continue.
    package static func actions(
        _ result: EvaluationResult, source: String, deliveryID: String, trace: TraceContext?
    ) -> [NewAction] {
        result.actions.map { action in
            var action = action
            action.trace = trace?.traceparent
            return NewAction(
                dedupKey: action.dedupKey ?? "event:\(source):\(deliveryID)", kind: action.kind.name,
                payload: ActionCodec.encode(action))
        }
    }

    /// Logs each rule that matched or failed for the stored event `eventID`,
    /// and counts them (`nil`: not counted).
    package static func record(
        _ result: EvaluationResult, eventID: Int64, source: String, deliveryID: String, traceID: String?,
        logger: Logger, metrics: IngestMetrics?
    ) {
        metrics?.record(result, source: source)
        for outcome in result.outcomes {
            var metadata: LogMetadata = [
                LogKey.eventID: "\(eventID)", LogKey.deliveryID: "\(deliveryID)", LogKey.rule: "\(outcome.rule)",
            ]
            if let traceID { metadata[LogKey.traceID] = "\(traceID)" }
            switch outcome.status {
            case .matched(let count):
                logger.info("Rule matched", metadata: metadata.merging(["actions": "\(count)"]) { $1 })
            case .failed(let failure):
                logger.warning("Rule failed", metadata: metadata.merging([LogKey.error: "\(failure)"]) { $1 })
            case .skipped, .notMatched:
                break
            }
        }
    }
}
