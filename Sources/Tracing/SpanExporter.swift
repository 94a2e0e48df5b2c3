import Delivery
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
        var stopped = false
        /// Spans dropped since exports began to fail; `nil` while they succeed.
        var failingSince: Int?
    }

    private let configuration: Configuration
    private let transport: any HTTPTransport
    private let state = Mutex(State())
    /// Ends `run`'s wait when a batch is full or at `stop`.
    private let wakeup = Wakeup()
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
        let (accepted, full) = state.withLock { state -> (Bool, Bool) in
            guard !state.stopped, state.queue.count < configuration.queueLimit else { return (false, false) }
            state.queue.append(span)
            return (true, state.queue.count >= configuration.batchSize)
        }
        if !accepted { metrics?.dropped.labels("queue_full").increment() }
        if full { wakeup.signal() }
    }

    /// Sends batches until `stop`, then what is left, once. A batch goes
    /// when it is full or when the flush interval has passed.
    public func run() async {
        while true {
            let ready = state.withLock { $0.stopped || $0.queue.count >= configuration.batchSize }
            // Ready at once: the signal of this batch (if any) is used up
            // here, so that it does not cut the next batch's wait short.
            await wakeup.wait(timeout: ready ? .zero : configuration.flushInterval)
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
        state.withLock { $0.stopped = true }
        wakeup.signal()
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
