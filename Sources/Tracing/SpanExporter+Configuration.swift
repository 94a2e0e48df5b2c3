extension SpanExporter {
    /// `[tracing]`, as the exporter uses it.
    public struct Configuration: Sendable {
        /// The collector's traces URL (`http://collector:4318/v1/traces`).
        public var endpoint: String
        /// The `service.name` resource attribute.
        public var serviceName = "sniffer-bridge"
        /// Spans waiting to be sent at most; beyond it, new spans are dropped and counted.
        public var queueLimit = 2_048
        /// Spans per export request at most.
        public var batchSize = 512
        /// How long a span waits for a batch to fill before it is sent anyway.
        public var flushInterval: Duration = .seconds(1)
        /// One export request's time limit.
        public var timeout: Duration = .seconds(10)

        public init(endpoint: String) {
            self.endpoint = endpoint
        }
    }
}
