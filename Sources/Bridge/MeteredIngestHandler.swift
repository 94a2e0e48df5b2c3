import HTTP

/// Wraps `POST /hooks/<source>`: counts each answer by status, times it, and
/// tells new events from redeliveries (`IngestResponse.accepted`: 202 new,
/// 200 with `"duplicate":true` for a redelivery).
struct MeteredIngestHandler: HTTPHandler {
    let source: String
    let inner: any HTTPHandler
    let metrics: GatewayMetrics

    private static let duplicateMark = Array(#""duplicate":true"#.utf8)

    func handle(_ request: HTTPRequest, responder: HTTPResponder) {
        let started = ContinuousClock.now
        let source = self.source
        let metrics = self.metrics
        inner.handle(
            request,
            responder: HTTPResponder { response in
                metrics.ingestDuration.labels(source).observe(ContinuousClock.now - started)
                metrics.requests.labels(source, String(response.status)).increment()
                if response.status == 202 {
                    metrics.eventsStored.labels(source).increment()
                } else if response.status == 200, Self.isDuplicate(response.body) {
                    metrics.duplicates.labels(source).increment()
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
