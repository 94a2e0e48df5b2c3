import JSON
import Outbound
import Synchronization
import Telemetry

/// The Snipe-IT API client: typed calls over any `HTTPTransport`, every
/// answer shape (envelope, bare document, list, 200-with-error) decoded into
/// a `SnipeITOutcome`, strings unescaped, and a token bucket that keeps the
/// client's callers under Snipe-IT's rate limit together.
///
/// Every request carries `Authorization: Bearer <token>` and `Accept:
/// application/json` (without it Snipe-IT answers an auth failure with a
/// redirect to its login page). The token travels only in that header;
/// every message the client produces passes through `Secret.redact`.
public final class SnipeITClient: Sendable {
    public let configuration: SnipeITConfiguration
    let transport: any HTTPTransport
    let clock: any SnipeITClock
    /// The instance's base URL without a trailing `/`.
    let webBase: String
    /// Shared by every call of this client.
    public let rateLimiter: SnipeITTokenBucket
    /// Status labels by name (see `statusLabel(named:)`).
    public let statusLabelCache = SnipeITStatusLabelCache()
    private let rateLimitReading = Mutex<SnipeITRateLimitReading?>(nil)

    public init(
        configuration: SnipeITConfiguration, transport: any HTTPTransport, clock: any SnipeITClock = SnipeITSystemClock()
    ) {
        self.configuration = configuration
        self.transport = transport
        self.clock = clock
        webBase = configuration.webBase
        rateLimiter = SnipeITTokenBucket(
            requestsPerMinute: configuration.requestsPerMinute, burst: configuration.burst, clock: clock)
    }

    /// What the last answer said of Snipe-IT's own rate limit, if it said anything.
    public var lastRateLimitReading: SnipeITRateLimitReading? {
        rateLimitReading.withLock { $0 }
    }

    /// One call to `/api/v1<path>` (`path` already escaped), after a token of
    /// the bucket: the classified answer.
    func call(
        _ method: String, _ path: String, query: [(String, String)] = [], body: JSON? = nil
    ) async -> SnipeITOutcome<SnipeITReply> {
        let target = "/api/v1" + path
        let what = "\(method) \(target)"
        do {
            try await rateLimiter.acquire()
        } catch {
            return .retryable(SnipeITRetryableFailure(
                status: nil, transportFailure: TransportFailure(.other, "cancelled"),
                message: "\(what): cancelled while waiting for the rate limit"))
        }
        var url = webBase + target
        if !query.isEmpty {
            url += "?" + query.map { PercentEncoding.escape($0.0) + "=" + PercentEncoding.escape($0.1) }.joined(separator: "&")
        }
        var headers: [(name: String, value: String)] = [
            (name: "Authorization", value: "Bearer " + configuration.token.reveal()), (name: "Accept", value: "application/json"),
        ]
        var bytes: [UInt8] = []
        if let body {
            headers.append((name: "Content-Type", value: "application/json"))
            bytes = body.serializedBytes()
        }
        let request = OutboundRequest(method: method, url: url, headers: headers, body: bytes, timeout: configuration.timeout)
        switch await transport.send(request) {
        case .failure(let failure):
            let redacted = TransportFailure(failure.kind, configuration.token.redact(failure.message))
            return .retryable(SnipeITRetryableFailure(status: nil, transportFailure: redacted, message: "\(what): \(redacted)"))
        case .success(let response):
            if let reading = SnipeITRateLimitReading(response) { rateLimitReading.withLock { $0 = reading } }
            let outcome = classify(response, what: what)
            if case .rateLimited(let wait) = outcome { rateLimiter.pause(for: wait) }
            return outcome
        }
    }

}
