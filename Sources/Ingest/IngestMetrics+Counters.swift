import Telemetry

extension IngestMetrics {
    /// `source`'s counters since the start, for the admin API: requests
    /// answered, events stored, redeliveries, events no rule wanted.
    package func counters(of source: String) -> [String: Double] {
        func total(_ family: CounterFamily) -> Double {
            family.existing.filter { $0.values.first == source }.reduce(0) { $0 + $1.series.value }
        }
        return [
            "requests": total(requests), "stored": total(eventsStored), "duplicates": total(duplicates),
            "unmatched": total(eventsUnmatched),
        ]
    }
}
