import TestSupport
import Testing

@testable import Telemetry

@Suite("Metrics registry")
struct MetricsRegistryTests {
    @Test func rendersTheExpositionFormatExactly() throws {
        let registry = MetricsRegistry()
        let requests = try registry.counter(
            "sniffer_bridge_requests_total", help: "Webhook requests by source and status.", labelNames: ["source", "status"])
        requests.labels("github", "202").increment()
        requests.labels("github", "202").increment(by: UInt64(2))
        requests.labels("gitlab", "401").increment()
        let tokenState = try registry.gauge("sniffer_bridge_token_state", help: "1 when the Sniffer token works.")
        tokenState.labels().set(1)
        let latency = try registry.histogram(
            "sniffer_bridge_ingest_duration_seconds", help: "Time to store an event.", buckets: [0.005, 0.01, 0.1])
        latency.labels().observe(0.004)
        latency.labels().observe(0.005)
        latency.labels().observe(0.05)
        latency.labels().observe(2)
        try registry.buildInfo(labels: ["version": "1.2.3", "swift": "6.3"])

        let rendered = registry.render()
        _ = try PrometheusFormatChecker.check(rendered)
        #expect(
            rendered == """
                # HELP sniffer_bridge_build_info Build information; the value is always 1.
                # TYPE sniffer_bridge_build_info gauge
                sniffer_bridge_build_info{swift="6.3",version="1.2.3"} 1
                # HELP sniffer_bridge_ingest_duration_seconds Time to store an event.
                # TYPE sniffer_bridge_ingest_duration_seconds histogram
                sniffer_bridge_ingest_duration_seconds_bucket{le="0.005"} 2
                sniffer_bridge_ingest_duration_seconds_bucket{le="0.01"} 2
                sniffer_bridge_ingest_duration_seconds_bucket{le="0.1"} 3
                sniffer_bridge_ingest_duration_seconds_bucket{le="+Inf"} 4
                sniffer_bridge_ingest_duration_seconds_sum 2.059
                sniffer_bridge_ingest_duration_seconds_count 4
                # HELP sniffer_bridge_requests_total Webhook requests by source and status.
                # TYPE sniffer_bridge_requests_total counter
                sniffer_bridge_requests_total{source="github",status="202"} 3
                sniffer_bridge_requests_total{source="gitlab",status="401"} 1
                # HELP sniffer_bridge_token_state 1 when the Sniffer token works.
                # TYPE sniffer_bridge_token_state gauge
                sniffer_bridge_token_state 1

                """)
    }

    @Test(arguments: [
        (0.0, "0"), (-0.0, "0"), (1.0, "1"), (-3.0, "-3"), (1e15, "1000000000000000"), (1.5, "1.5"), (0.0005, "0.0005"),
        (1e-7, "1e-07"), (Double.infinity, "+Inf"), (-Double.infinity, "-Inf"), (Double.nan, "NaN"), (2.5, "2.5"),
        (123_456_789_012.0, "123456789012"), (1e19, "1e+19"),
    ])
    func formatsValues(value: Double, expected: String) throws {
        #expect(PrometheusText.format(value) == expected)
        if !value.isNaN { #expect(PrometheusFormatChecker.parseValue(expected) == value) }
    }

    @Test func escapesLabelValuesAndHelp() throws {
        #expect(PrometheusText.escapeLabelValue(#"a\b"c"# + "\nd") == #"a\\b\"c\nd"#)
        #expect(PrometheusText.escapeHelp(#"say "hi" \ now"# + "\n") == #"say "hi" \\ now\n"#)
        let registry = MetricsRegistry()
        let family = try registry.counter("tricky_total", help: "Back\\slash and\nnewline \"quoted\".", labelNames: ["rule"])
        let tricky = ["", "with \"quotes\"", "back\\slash", "new\nline", "trailing\\", "é ✓ 🚀", "{a=\"b\",c}", "tab\there", " "]
        for value in tricky { family.labels(value).increment() }
        let exposition = try PrometheusFormatChecker.check(registry.render())
        let parsed = try #require(exposition.family("tricky_total"))
        #expect(parsed.help == "Back\\slash and\nnewline \"quoted\".")
        #expect(parsed.samples.count == tricky.count)
        for value in tricky { #expect(exposition.value("tricky_total", ["rule": value]) == 1) }
    }

    @Test func rejectsBadRegistrations() throws {
        let registry = MetricsRegistry()
        func code(_ body: () throws -> Void) -> MetricsError.Code? {
            do {
                try body()
                return nil
            } catch { return (error as? MetricsError)?.code }
        }
        #expect(code { _ = try registry.counter("requests", help: "") } == .counterNameWithoutTotal)
        #expect(code { _ = try registry.gauge("2bad", help: "") } == .invalidMetricName)
        #expect(code { _ = try registry.gauge("bad-name", help: "") } == .invalidMetricName)
        #expect(code { _ = try registry.gauge("", help: "") } == .invalidMetricName)
        #expect(code { _ = try registry.gauge("g", help: "", labelNames: ["a:b"]) } == .invalidLabelName)
        #expect(code { _ = try registry.gauge("g", help: "", labelNames: ["__reserved"]) } == .invalidLabelName)
        #expect(code { _ = try registry.gauge("g", help: "", labelNames: ["a", "a"]) } == .duplicateLabelName)
        #expect(code { _ = try registry.histogram("h_seconds", help: "", labelNames: ["le"]) } == .reservedLabelName)
        #expect(code { _ = try registry.histogram("h_seconds", help: "", buckets: []) } == .invalidBuckets)
        #expect(code { _ = try registry.histogram("h_seconds", help: "", buckets: [1, 1]) } == .invalidBuckets)
        #expect(code { _ = try registry.histogram("h_seconds", help: "", buckets: [2, 1]) } == .invalidBuckets)
        #expect(code { _ = try registry.histogram("h_seconds", help: "", buckets: [.nan, 1]) } == .invalidBuckets)
        #expect(registry.familyNames.isEmpty)

        let first = try registry.counter("events_total", help: "Events.", labelNames: ["source"])
        let again = try registry.counter("events_total", help: "Events.", labelNames: ["source"])
        #expect(first === again)
        #expect(code { _ = try registry.counter("events_total", help: "Other help.", labelNames: ["source"]) } == .conflictingRegistration)
        #expect(code { _ = try registry.gauge("events_total", help: "Events.", labelNames: ["source"]) } == .conflictingRegistration)
        _ = try registry.histogram("latency_seconds", help: "L.")
        #expect(code { _ = try registry.gauge("latency_seconds_count", help: "") } == .conflictingRegistration)
        #expect(code { _ = try registry.histogram("latency_seconds", help: "L.", buckets: [1]) } == .conflictingRegistration)
        #expect(registry.familyNames == ["events_total", "latency_seconds"])
    }

    @Test func histogramBucketsAndDurations() throws {
        let registry = MetricsRegistry()
        let family = try registry.histogram("call_duration_seconds", help: "Calls.", labelNames: ["endpoint"])
        let histogram = family.labels("/bugs")
        #expect(histogram.upperBounds == Histogram.defaultBuckets)
        #expect(Histogram.defaultBuckets.first == 0.0005 && Histogram.defaultBuckets.last == 10)
        histogram.observe(.milliseconds(3))
        histogram.observe(Duration.seconds(1))
        histogram.observe(60.0)
        histogram.observe(-1.0)
        #expect(histogram.count == 4)
        #expect(abs(histogram.sum - 60.003) < 1e-9)
        let cumulative = histogram.cumulativeCounts
        #expect(cumulative.count == Histogram.defaultBuckets.count + 1)
        #expect(cumulative.last == 4)
        #expect(zip(cumulative, cumulative.dropFirst()).allSatisfy { $0 <= $1 })
        let exposition = try PrometheusFormatChecker.check(registry.render())
        #expect(exposition.value("call_duration_seconds_bucket", ["endpoint": "/bugs", "le": "0.0005"]) == 1)
        #expect(exposition.value("call_duration_seconds_bucket", ["endpoint": "/bugs", "le": "0.005"]) == 2)
        #expect(exposition.value("call_duration_seconds_bucket", ["endpoint": "/bugs", "le": "10"]) == 3)
        #expect(exposition.value("call_duration_seconds_bucket", ["endpoint": "/bugs", "le": "+Inf"]) == 4)
        #expect(exposition.value("call_duration_seconds_count", ["endpoint": "/bugs"]) == 4)
        let withInf = try registry.histogram("sized_bytes", help: "Sizes.", buckets: [100, 1000, .infinity])
        #expect(withInf.labels().upperBounds == [100, 1000])
    }

    @Test func callbackGaugesAreReadAtRenderTime() throws {
        let registry = MetricsRegistry()
        let depth = Gauge()
        try registry.callbackGauge("sniffer_bridge_outbox_depth", help: "Actions in the outbox by state.", labelNames: ["state"]) {
            [
                GaugeSample(labelValues: ["pending"], value: depth.value), GaugeSample(labelValues: ["dead"], value: 2),
                GaugeSample(labelValues: ["pending"], value: 99), GaugeSample(labelValues: ["a", "b"], value: 5),
            ]
        }
        depth.set(7)
        var exposition = try PrometheusFormatChecker.check(registry.render())
        #expect(exposition.value("sniffer_bridge_outbox_depth", ["state": "pending"]) == 7)
        #expect(exposition.value("sniffer_bridge_outbox_depth", ["state": "dead"]) == 2)
        #expect(exposition.family("sniffer_bridge_outbox_depth")?.samples.count == 2)
        depth.set(3)
        exposition = try PrometheusFormatChecker.check(registry.render())
        #expect(exposition.value("sniffer_bridge_outbox_depth", ["state": "pending"]) == 3)
        try registry.callbackGauge("sniffer_bridge_outbox_depth", help: "Actions in the outbox by state.", labelNames: ["state"]) {
            [GaugeSample(labelValues: ["pending"], value: 0)]
        }
        exposition = try PrometheusFormatChecker.check(registry.render())
        #expect(exposition.family("sniffer_bridge_outbox_depth")?.samples.map(\.value) == [0])
    }

    @Test func countersOnlyGoUpAndKeepFractions() throws {
        let counter = Counter()
        counter.increment()
        counter.increment(by: 0.25)
        counter.increment(by: -5.0)
        counter.increment(by: Double.nan)
        counter.increment(by: Double.infinity)
        #expect(counter.value == 1.25)
        let gauge = Gauge()
        gauge.increment()
        gauge.decrement(by: 3)
        #expect(gauge.value == -2)
        let registry = MetricsRegistry()
        try registry.counter("work_seconds_total", help: "Seconds.").labels().increment(by: 1.5)
        #expect(registry.render().hasSuffix("work_seconds_total 1.5\n"))
        #expect(MetricsRegistry().render() == "")
    }
}
