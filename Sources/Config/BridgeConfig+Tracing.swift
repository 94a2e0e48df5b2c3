extension BridgeConfig {
    /// `[tracing]`: where spans are exported (docs/OPERATIONS.md, "Traces").
    /// Without it, traces are still propagated (`traceparent` in and out, `trace_id` in the logs), not exported.
    public struct Tracing: Sendable, Equatable {
        /// The OTLP/HTTP traces URL of the collector (`http://collector:4318/v1/traces`).
        public var otlpEndpoint: String
        /// The `service.name` resource attribute of every span.
        public var serviceName = "sniffer-bridge"
        /// Spans held for export at most; beyond it spans are dropped and counted.
        public var queueLimit = 2_048
        /// Spans per export request at most.
        public var batchSize = 512
        /// How long a span waits for its batch to fill.
        public var flushIntervalMilliseconds: Int64 = 1_000
        /// One export request's time limit.
        public var timeoutMilliseconds: Int64 = 10_000

        public init(otlpEndpoint: String) {
            self.otlpEndpoint = otlpEndpoint
        }
    }
}
