import Rules
import TOML

/// `[tracing]`: the OTLP exporter, checked as the gateway will use it.
extension ConfigLoader {
    /// The exporter's settings; `nil` when `otlp_endpoint` is missing or
    /// wrong (reported). Every other key is checked all the same.
    static func tracing(_ table: TOMLTable, at position: TOMLPosition, _ reader: inout TOMLReader) -> BridgeConfig.Tracing? {
        reader.checkKeys(table, known: ConfigSchema.keys(of: "tracing"), context: "[tracing]", at: position)
        var endpoint: String?
        if let node = table["otlp_endpoint"] {
            if let (value, _) = reader.string(node, key: "otlp_endpoint") {
                if isHTTPURL(value) { endpoint = value } else {
                    reader.report(node.contentPosition, ConfigMessage.badURL("otlp_endpoint", value))
                }
            }
        } else {
            reader.report(position, DiagnosticMessage.missingKey("otlp_endpoint", in: "[tracing]"))
        }
        var tracing = BridgeConfig.Tracing(otlpEndpoint: endpoint ?? "")
        if let node = table["service_name"], let (name, _) = reader.string(node, key: "service_name") {
            if name.isEmpty { reader.report(node.contentPosition, ConfigMessage.emptyValue("service_name")) } else {
                tracing.serviceName = name
            }
        }
        if let value = integer(table, "queue_limit", atLeast: 1, &reader) { tracing.queueLimit = value }
        if let value = integer(table, "batch_size", atLeast: 1, &reader) { tracing.batchSize = value }
        if let value = positiveDuration(table, "flush_interval", &reader) { tracing.flushIntervalMilliseconds = value }
        if let value = positiveDuration(table, "timeout", &reader) { tracing.timeoutMilliseconds = value }
        return endpoint == nil ? nil : tracing
    }
}
