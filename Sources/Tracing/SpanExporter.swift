import Dispatch
import JSON
import Outbound
import Synchronization
import Telemetry

/// Sends finished spans to an OTLP/HTTP collector as JSON, in batches,
/// through the outbound client. It never holds up the pipeline: `record`
/// only appends to a bounded queue, and a span that finds the queue full,
/// or whose batch the collector does not take, is dropped and counted.
public final class SpanExporter: SpanSink {
    private struct State {
        var queue: [Span] = []
        var waiter: CheckedContinuation<Void, Never>?
        /// Counts waits, so a flush timer resumes only the wait it was set for.
        var wait = 0
        var stopped = false
        /// Spans dropped since exports began to fail; `nil` while they succeed.
        var failingSince: Int?
    }

    private let configuration: Configuration
    private let transport: any HTTPTransport
    private let state = Mutex(State())
    private let metrics: SpanExporterMetrics?
    private let logger: Logger

    public init(
        configuration: Configuration, transport: any HTTPTransport, registry: MetricsRegistry? = nil,
        logger: Logger
    ) throws(MetricsError) {
        self.configuration = configuration
        self.transport = transport
        self.metrics = try registry.map { registry throws(MetricsError) in try SpanExporterMetrics(registry: registry) }
        self.logger = logger
    }

    public func record(_ span: Span) {
        guard span.context.isSampled else { return }
        let (accepted, waiter) = state.withLock { state -> (Bool, CheckedContinuation<Void, Never>?) in
            guard !state.stopped, state.queue.count < configuration.queueLimit else { return (false, nil) }
            state.queue.append(span)
            guard state.queue.count >= configuration.batchSize else { return (true, nil) }
            defer { state.waiter = nil }
            return (true, state.waiter)
        }
        if !accepted { metrics?.dropped.labels("queue_full").increment() }
        waiter?.resume()
    }

    /// Sends batches until `stop`, then what is left, once.
    public func run() async {
        while true {
            await waitForBatch()
            let (batch, stopped) = state.withLock { state in
                let batch = Array(state.queue.prefix(configuration.batchSize))
                state.queue.removeFirst(batch.count)
                return (batch, state.stopped)
            }
            if !batch.isEmpty { await export(batch) }
            if stopped && state.withLock({ $0.queue.isEmpty }) { return }
        }
    }

    /// Makes `run` send what is queued and return.
    public func stop() {
        let waiter = state.withLock { state in
            state.stopped = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Returns once a batch is full, the flush interval has passed, or the exporter stops.
    private func waitForBatch() async {
        let ready = state.withLock { $0.stopped || $0.queue.count >= configuration.batchSize }
        if ready { return }
        let interval = configuration.flushInterval
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let wait = state.withLock { state -> Int? in
                if state.stopped || state.queue.count >= configuration.batchSize { return nil }
                state.wait += 1
                state.waiter = continuation
                return state.wait
            }
            guard let wait else { return continuation.resume() }
            DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(interval.nanoseconds))) { [self] in
                let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                    guard state.wait == wait else { return nil }
                    defer { state.waiter = nil }
                    return state.waiter
                }
                waiter?.resume()
            }
        }
    }

    private func export(_ batch: [Span]) async {
        let body = OTLPEncoding.request(batch, serviceName: configuration.serviceName).serializedBytes()
        let request = OutboundRequest(
            method: "POST", url: configuration.endpoint, headers: [("Content-Type", "application/json")], body: body,
            timeout: configuration.timeout)
        switch await transport.send(request) {
        case .success(let response) where (200..<300).contains(response.status):
            metrics?.exported.increment(by: UInt64(batch.count))
            let lost = state.withLock { state in
                defer { state.failingSince = nil }
                return state.failingSince
            }
            if let lost {
                logger.notice("Spans exported again", metadata: ["dropped_spans": "\(lost)"])
            }
        case .success(let response):
            dropped(batch.count, reason: "collector answered \(response.status)")
        case .failure(let failure):
            dropped(batch.count, reason: failure.description)
        }
    }

    /// Counts a batch the collector did not take; logs only the first of a
    /// run of failures, so a collector that is down does not fill the logs.
    private func dropped(_ count: Int, reason: String) {
        metrics?.dropped.labels("export_failed").increment(by: UInt64(count))
        let first = state.withLock { state in
            defer { state.failingSince = (state.failingSince ?? 0) + count }
            return state.failingSince == nil
        }
        if first {
            logger.warning(
                "Spans not exported; dropping them until the collector takes them again",
                metadata: ["spans": "\(count)", LogKey.error: "\(reason)"])
        }
    }
}

extension Duration {
    /// The whole duration in nanoseconds (clamped to `Int64`).
    fileprivate var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
