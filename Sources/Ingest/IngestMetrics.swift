import Rules
import Telemetry

/// The ingest's Prometheus families: requests and their answers, the
/// events stored or seen again, and rule matches and errors. Registered on
/// the gateway's registry, so one `/metrics` lists them with the others.
package final class IngestMetrics: Sendable {
    let requests: CounterFamily
    let duration: HistogramFamily
    let eventsStored: CounterFamily
    let duplicates: CounterFamily
    let ruleMatches: CounterFamily
    let eventsUnmatched: CounterFamily
    let ruleErrors: CounterFamily

    package init(registry: MetricsRegistry) throws(MetricsError) {
        requests = try registry.counter(
            "sniffer_bridge_webhook_requests_total", help: "Webhook requests by source and HTTP status answered.",
            labelNames: ["source", "status"])
        duration = try registry.histogram(
            "sniffer_bridge_ingest_duration_seconds",
            help: "Time from a webhook request to its answer (verification, decoding and the durable append).",
            labelNames: ["source"])
        eventsStored = try registry.counter(
            "sniffer_bridge_events_stored_total", help: "New events written to the store, by source.", labelNames: ["source"])
        duplicates = try registry.counter(
            "sniffer_bridge_events_duplicate_total",
            help: "Redeliveries (same source and delivery id) answered without storing again, by source.",
            labelNames: ["source"])
        ruleMatches = try registry.counter(
            "sniffer_bridge_rule_matches_total", help: "Events a mapping rule matched, by rule.", labelNames: ["rule"])
        eventsUnmatched = try registry.counter(
            "sniffer_bridge_events_unmatched_total",
            help: "Stored events no rule wanted (answered 202 with matched 0), by source.", labelNames: ["source"])
        ruleErrors = try registry.counter(
            "sniffer_bridge_rule_errors_total", help: "Rule evaluations that failed at run time, by rule.",
            labelNames: ["rule"])
    }

    /// One evaluated event: matches and run-time errors by rule.
    package func record(_ result: EvaluationResult, source: String) {
        if result.matchedRules == 0 { eventsUnmatched.labels(source).increment() }
        for outcome in result.outcomes {
            switch outcome.status {
            case .matched: ruleMatches.labels(outcome.rule).increment()
            case .failed: ruleErrors.labels(outcome.rule).increment()
            case .skipped, .notMatched: break
            }
        }
    }

    /// One source's series, looked up once: every webhook touches them.
    package func source(_ name: String) -> SourceMetrics { SourceMetrics(ingest: self, source: name) }

    /// The ingest series of one source.
    package struct SourceMetrics: Sendable {
        /// The families shared by every source (rule matches and errors).
        package let ingest: IngestMetrics
        private let source: String
        private let duration: Histogram
        private let stored: Counter
        private let duplicates: Counter
        private let accepted: Counter

        init(ingest: IngestMetrics, source: String) {
            self.ingest = ingest
            self.source = source
            duration = ingest.duration.labels(source)
            stored = ingest.eventsStored.labels(source)
            duplicates = ingest.duplicates.labels(source)
            accepted = ingest.requests.labels(source, "202")
        }

        /// One request's outcome and how long it took to answer.
        package func record(_ outcome: IngestOutcome, duration elapsed: Duration) {
            duration.observe(elapsed)
            let status = outcome.status
            if status == 202 { accepted.increment() } else { ingest.requests.labels(source, String(status)).increment() }
            switch outcome {
            case .stored: stored.increment()
            case .duplicate: duplicates.increment()
            case .refused, .immediate, .storeFailed: break
            }
        }
    }
}
