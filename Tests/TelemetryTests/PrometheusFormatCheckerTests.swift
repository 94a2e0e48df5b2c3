import TestSupport
import Testing

/// The checker must itself be strict: each invalid exposition below is
/// rejected, with the line that is wrong.
@Suite("Prometheus format checker")
struct PrometheusFormatCheckerTests {
    static let valid = """
        # A plain comment is fine.
        # HELP http_requests_total Requests.\\nSecond line \\\\ "quoted".
        # TYPE http_requests_total counter
        http_requests_total{method="post",code="200"} 1027 1395066363000
        http_requests_total{method="post",code="400",path="C:\\\\dir \\"x\\"\\n"} 3
        # TYPE temperature gauge
        temperature -3.5e-2
        temperature{room="a"} NaN
        temperature{room="b"} +Inf
        temperature{room="c"} -Inf
        temperature{room="d"} .5
        # TYPE empty_labels gauge
        empty_labels{} 1
        # HELP rpc_duration_seconds Latency.
        # TYPE rpc_duration_seconds histogram
        rpc_duration_seconds_bucket{le="0.05"} 24054
        rpc_duration_seconds_bucket{le="0.1"} 33444
        rpc_duration_seconds_bucket{le="+Inf"} 144320
        rpc_duration_seconds_sum 53423
        rpc_duration_seconds_count 144320
        # TYPE rpc_summary summary
        rpc_summary{quantile="0.5"} 4773
        rpc_summary_sum 1.7560473e+07
        rpc_summary_count 2693

        """

    @Test func acceptsAValidExpositionAndReadsItBack() throws {
        let exposition = try PrometheusFormatChecker.check(Self.valid)
        #expect(exposition.families.map(\.name) == ["http_requests_total", "temperature", "empty_labels", "rpc_duration_seconds", "rpc_summary"])
        #expect(exposition.family("http_requests_total")?.help == "Requests.\nSecond line \\ \"quoted\".")
        #expect(exposition.value("http_requests_total", ["method": "post", "code": "400", "path": "C:\\dir \"x\"\n"]) == 3)
        #expect(exposition.samples(named: "http_requests_total").first?.timestamp == 1_395_066_363_000)
        #expect(exposition.value("temperature") == -0.035)
        #expect(exposition.value("temperature", ["room": "b"]) == .infinity)
        #expect(exposition.value("temperature", ["room": "a"])?.isNaN == true)
        #expect(exposition.value("rpc_duration_seconds_count") == 144_320)
        #expect(try PrometheusFormatChecker.check("").families.isEmpty)
    }

    static let invalid: [(String, String, Int)] = [
        ("missing final newline", "# TYPE a gauge\na 1", 0),
        ("blank line", "# TYPE a gauge\n\na 1\n", 2),
        ("sample before TYPE", "a 1\n# TYPE a gauge\n", 1),
        ("HELP after samples", "# TYPE a gauge\na 1\n# HELP a late\n", 3),
        ("second TYPE", "# TYPE a gauge\n# TYPE a gauge\n", 2),
        ("second HELP", "# HELP a x\n# HELP a y\n# TYPE a gauge\n", 2),
        ("unknown type", "# TYPE a meter\n", 1),
        ("HELP without TYPE", "# HELP a x\n", 0),
        ("bad HELP escape", "# HELP a bad \\t escape\n# TYPE a gauge\n", 1),
        ("bad metric name in TYPE", "# TYPE 1a gauge\n", 1),
        ("bad metric name in sample", "# TYPE a gauge\na-b 1\n", 2),
        ("bad label name", "# TYPE a gauge\na{1x=\"v\"} 1\n", 2),
        ("unquoted label value", "# TYPE a gauge\na{x=v} 1\n", 2),
        ("bad label escape", "# TYPE a gauge\na{x=\"\\t\"} 1\n", 2),
        ("unterminated label value", "# TYPE a gauge\na{x=\"v} 1\n", 2),
        ("trailing comma", "# TYPE a gauge\na{x=\"v\",} 1\n", 2),
        ("duplicate label", "# TYPE a gauge\na{x=\"v\",x=\"w\"} 1\n", 2),
        ("two spaces", "# TYPE a gauge\na  1\n", 2),
        ("bad value", "# TYPE a gauge\na one\n", 2),
        ("Inf without sign", "# TYPE a gauge\na Inf\n", 2),
        ("hex value", "# TYPE a gauge\na 0x10\n", 2),
        ("bad timestamp", "# TYPE a gauge\na 1 1.5\n", 2),
        ("extra text", "# TYPE a gauge\na 1 2 3\n", 2),
        ("duplicate series", "# TYPE a gauge\na{x=\"1\",y=\"2\"} 1\na{y=\"2\",x=\"1\"} 2\n", 3),
        ("negative counter", "# TYPE a_total counter\na_total -1\n", 2),
        ("NaN counter", "# TYPE a_total counter\na_total NaN\n", 2),
        ("families interleaved", "# TYPE a gauge\n# TYPE b gauge\na 1\n", 3),
        ("family split in two groups", "# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\na{x=\"y\"} 2\n", 5),
        ("le outside a histogram", "# TYPE a gauge\na{le=\"1\"} 1\n", 2),
        ("bucket without le", "# TYPE h histogram\nh_bucket 1\n", 2),
        ("bare histogram sample", "# TYPE h histogram\nh 1\n", 2),
        ("buckets not cumulative", "# TYPE h histogram\nh_bucket{le=\"1\"} 5\nh_bucket{le=\"+Inf\"} 4\nh_sum 1\nh_count 4\n", 3),
        ("le not increasing", "# TYPE h histogram\nh_bucket{le=\"2\"} 1\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n", 3),
        ("no +Inf bucket", "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n", 2),
        ("+Inf differs from count", "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 3\n", 4),
        ("no _count", "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\n", 2),
        ("no _sum", "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_count 2\n", 2),
        ("le not a number", "# TYPE h histogram\nh_bucket{le=\"big\"} 2\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 2\n", 2),
    ]

    @Test(arguments: invalid)
    func rejectsInvalidExpositions(name: String, text: String, line: Int) {
        do {
            _ = try PrometheusFormatChecker.check(text)
            Issue.record("accepted \(name)")
        } catch {
            #expect(error.line == line, "\(name): \(error)")
        }
    }
}
