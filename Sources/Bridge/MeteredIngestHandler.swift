import HTTP
import Telemetry

/// Wraps `POST /hooks/<source>`: counts each answer by status, times it, and
/// tells new events from redeliveries (`IngestResponse.accepted`: 202 new,
/// 200 with `"duplicate":true` for a redelivery).
struct MeteredIngestHandler: HTTPHandler {
    let source: String
    let inner: any HTTPHandler
    let metrics: GatewayMetrics
    /// This source's series, looked up once: every webhook touches them.
    private let duration: Histogram
    private let stored: Counter
    private let duplicates: Counter
    private let accepted: Counter

    init(source: String, inner: any HTTPHandler, metrics: GatewayMetrics) {
        self.source = source
        self.inner = inner
        self.metrics = metrics
        duration = metrics.ingestDuration.labels(source)
        stored = metrics.eventsStored.labels(source)
        duplicates = metrics.duplicates.labels(source)
        accepted = metrics.requests.labels(source, "202")
    }

    private static let duplicateMark = Array(#""duplicate":true"#.utf8)

    func handle(_ request: HTTPRequest, responder: HTTPResponder) {
        let started = ContinuousClock.now
        let (source, metrics) = (self.source, self.metrics)
        let (duration, stored, duplicates, accepted) = (self.duration, self.stored, self.duplicates, self.accepted)
        inner.handle(
            request,
            responder: HTTPResponder { response in
                duration.observe(ContinuousClock.now - started)
                if response.status == 202 {
                    accepted.increment()
                    stored.increment()
                } else {
                    metrics.requests.labels(source, String(response.status)).increment()
                    if response.status == 200, Self.isDuplicate(response.body) { duplicates.increment() }
                }
                responder.respond(response)
            })
    }

    static func isDuplicate(_ body: [UInt8]) -> Bool {
        guard body.count >= duplicateMark.count else { return false }
        for start in 0...(body.count - duplicateMark.count)
        where body[start..<(start + duplicateMark.count)].elementsEqual(duplicateMark) {
            return true
        }
        return false
    }
}
