import Synchronization

/// Counters of a `CurlTransport` at one moment, for metrics and benchmarks.
/// Numbers only: never a URL, a header or a body.
public struct TransportStatistics: Sendable, Equatable {
    /// Requests handed to libcurl.
    public var requestsStarted: Int
    /// Requests that got an HTTP answer (any status).
    public var responses: Int
    /// Requests that ended in a `TransportFailure` (shutdown and cancellation included).
    public var failures: Int
    /// New TCP connections libcurl opened (sum of `CURLINFO_NUM_CONNECTS`);
    /// far below `responses` when connections are reused.
    public var connectionsOpened: Int

    public init(requestsStarted: Int = 0, responses: Int = 0, failures: Int = 0, connectionsOpened: Int = 0) {
        self.requestsStarted = requestsStarted
        self.responses = responses
        self.failures = failures
        self.connectionsOpened = connectionsOpened
    }
}

/// The live counters behind `TransportStatistics`, safe from any thread.
final class TransportCounters: Sendable {
    let requestsStarted = Atomic<Int>(0)
    let responses = Atomic<Int>(0)
    let failures = Atomic<Int>(0)
    let connectionsOpened = Atomic<Int>(0)

    var snapshot: TransportStatistics {
        TransportStatistics(
            requestsStarted: requestsStarted.load(ordering: .relaxed),
            responses: responses.load(ordering: .relaxed),
            failures: failures.load(ordering: .relaxed),
            connectionsOpened: connectionsOpened.load(ordering: .relaxed))
    }

    func record(_ result: Result<OutboundResponse, TransportFailure>) {
        switch result {
        case .success: responses.add(1, ordering: .relaxed)
        case .failure: failures.add(1, ordering: .relaxed)
        }
    }
}
