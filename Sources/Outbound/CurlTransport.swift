/// The production `HTTPTransport`: libcurl's multi interface driven by one
/// dedicated thread, with many requests in flight, connections reused (and
/// HTTP/2 multiplexed where the server offers it), a bounded number of
/// connections per host, timeouts, TLS verification and proxies.
///
/// ```swift
/// let transport = try CurlTransport(configuration: .init(timeout: .seconds(10)))
/// let result = await transport.send(OutboundRequest(method: "GET", url: "https://example.com/"))
/// ```
///
/// Proxies: unless `Configuration.proxy` is set, libcurl itself honours
/// `HTTPS_PROXY`/`https_proxy`, `http_proxy` (lower case only, as curl
/// ignores `HTTP_PROXY` for CGI safety), `ALL_PROXY` and `NO_PROXY`.
public final class CurlTransport: HTTPTransport, Sendable {
    private let core: CurlTransportCore

    /// Starts the loop thread. Fails only when libcurl cannot initialise.
    public init(configuration: Configuration = Configuration()) throws(TransportFailure) {
        guard CurlGlobal.ensureInitialized(), let multi = CurlMulti(configuration: configuration) else {
            throw TransportFailure(.other, "libcurl could not be initialised")
        }
        core = CurlTransportCore(multi: multi, configuration: configuration)
        CurlEventLoop.start(core: core)
    }

    deinit {
        core.shutdown()
    }

    /// The configuration this transport was made with.
    public var configuration: Configuration { core.configuration }

    /// Sends `request`; never throws. Cancelling the calling task fails the
    /// request with `other` ("request cancelled") and frees its connection slot.
    public func send(_ request: OutboundRequest) async -> Result<OutboundResponse, TransportFailure> {
        let core = core
        let id = core.makeID()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                core.submit(.init(id: id, request: request, continuation: continuation))
            }
        } onCancel: {
            core.cancel(id)
        }
    }

    /// Refuses new requests and fails every pending and in-flight one with
    /// `other` ("transport shut down"); the loop thread then exits. Returns at
    /// once; in-flight callers resume moments later. Idempotent.
    public func shutdown() {
        core.shutdown()
    }

    /// Whether the loop thread still runs (false soon after `shutdown()`).
    package var isLoopRunning: Bool {
        core.loopRunning.load(ordering: .acquiring)
    }

    /// Counters so far (requests, responses, failures, connections opened).
    public var statistics: TransportStatistics {
        core.counters.snapshot
    }

    /// Whether the linked libcurl can speak HTTP/2 (Debian's build links nghttp2).
    public static var supportsHTTP2: Bool { CurlGlobal.supportsHTTP2 }

    /// The linked libcurl's version, e.g. "7.88.1".
    public static var libcurlVersion: String { CurlGlobal.version }
}
