import Dispatch
import TestSupport
import Telemetry
import Testing

@Suite("Metrics under concurrency")
struct MetricsConcurrencyTests {
    @Test func arithmeticIsExactUnderConcurrentUpdates() throws {
        let registry = MetricsRegistry()
        let requests = try registry.counter("requests_total", help: "R.", labelNames: ["source", "status"])
        let fractions = try registry.counter("busy_seconds_total", help: "B.")
        let inflight = try registry.gauge("inflight", help: "I.")
        let latency = try registry.histogram("latency_seconds", help: "L.", labelNames: ["source"], buckets: [0.5, 1, 2])
        let sources = ["github", "gitlab", "jira", "slack"]
        let threads = 8
        let perThread = 2_000
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            let source = sources[thread % sources.count]
            for index in 0..<perThread {
                // Look-ups race with creation of the same series on other threads.
                requests.labels(source, index % 2 == 0 ? "202" : "401").increment()
                fractions.labels().increment(by: 0.5)
                inflight.labels().increment()
                latency.labels(source).observe(Double(index % 4) * 0.75)
                inflight.labels().decrement()
                if index % 500 == 0 { _ = registry.render() }
            }
        }
        let exposition = try PrometheusFormatChecker.check(registry.render())
        for source in sources {
            #expect(exposition.value("requests_total", ["source": source, "status": "202"]) == Double(threads / 4 * perThread / 2))
            #expect(exposition.value("requests_total", ["source": source, "status": "401"]) == Double(threads / 4 * perThread / 2))
            let count = Double(threads / 4 * perThread)
            #expect(exposition.value("latency_seconds_count", ["source": source]) == count)
            // Values 0, 0.75, 1.5, 2.25 in equal shares: 1/4 <= 0.5, 2/4 <= 1, 3/4 <= 2.
            #expect(exposition.value("latency_seconds_bucket", ["source": source, "le": "0.5"]) == count / 4)
            #expect(exposition.value("latency_seconds_bucket", ["source": source, "le": "1"]) == count / 2)
            #expect(exposition.value("latency_seconds_bucket", ["source": source, "le": "2"]) == count * 3 / 4)
            #expect(exposition.value("latency_seconds_sum", ["source": source]) == count / 4 * 4.5)
        }
        #expect(exposition.value("busy_seconds_total") == Double(threads * perThread) * 0.5)
        #expect(exposition.value("inflight") == 0)
    }
}
