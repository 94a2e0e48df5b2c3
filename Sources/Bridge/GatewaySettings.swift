import Config
import Delivery
import Outbound
import Sniffer
import Store
import Telemetry
import Tracing

/// Everything the gateway derives from a loaded `BridgeConfig`. The loader
/// validated every value (and read `token_file`), so this only converts:
/// nothing here can fail.
package struct GatewaySettings: Sendable {
    package var host: String
    package var port: Int
    package var maxBodyBytes: Int
    package var headTimeout: Duration
    package var bodyTimeout: Duration
    package var maxReceivingConnections: Int
    package var store: StoreSettings
    package var snifferBaseURL: String
    package var snifferToken: String
    package var defaultProject: String?
    /// `[sniffer]`'s integration-key field, platform and parameter names.
    package var integrationKey: BridgeConfig.IntegrationKey
    package var retryPolicy: RetryPolicy
    /// `[sniffer] web_url`: the bug pages that replies link to.
    package var bugLinks: SnifferBugLinks
    /// `[sniffer] custom_fields`.
    package var customFields: BridgeConfig.CustomFields
    /// `[snipeit]`, when the config has a Snipe-IT target.
    package var snipeIT: BridgeConfig.SnipeIT?
    /// Each delivery target's circuit breaker (`[<target>.breaker]`).
    package var breakers: [DeliveryTarget: CircuitBreaker.Configuration]
    /// `[tracing]`: the span exporter's settings; `nil` exports no spans.
    package var tracing: SpanExporter.Configuration?

    package init(_ config: BridgeConfig) {
        host = config.server.listen.host
        port = config.server.listen.port
        maxBodyBytes = config.server.maxBodyBytes
        headTimeout = .milliseconds(config.server.headTimeoutMilliseconds)
        bodyTimeout = .milliseconds(config.server.bodyTimeoutMilliseconds)
        maxReceivingConnections = config.server.maxReceivingConnections
        store = StoreSettings(config)
        snifferBaseURL = config.sniffer.baseURL
        snifferToken = config.sniffer.token
        defaultProject = config.sniffer.project
        integrationKey = config.sniffer.integrationKey
        bugLinks = SnifferBugLinks(template: config.sniffer.webURL)
        customFields = config.sniffer.customFields
        breakers = Self.breakers(config)
        snipeIT = config.snipeIT
        tracing = config.tracing.map { tracing in
            var exporter = SpanExporter.Configuration(endpoint: tracing.otlpEndpoint)
            exporter.serviceName = tracing.serviceName
            exporter.queueLimit = tracing.queueLimit
            exporter.batchSize = tracing.batchSize
            exporter.flushInterval = .milliseconds(tracing.flushIntervalMilliseconds)
            exporter.timeout = .milliseconds(tracing.timeoutMilliseconds)
            return exporter
        }
        retryPolicy = RetryPolicy(
            baseDelay: .milliseconds(config.retry.baseDelayMilliseconds),
            maxDelay: .milliseconds(config.retry.maxDelayMilliseconds), maxAttempts: config.retry.maxAttempts,
            maxAge: .milliseconds(config.retry.maxAgeMilliseconds))
    }

    /// The Sniffer client's configuration: base URL, `token` and the integration-key names.
    package func snifferConfiguration(token: Secret) -> SnifferConfiguration {
        var configuration = SnifferConfiguration(baseURL: snifferBaseURL, token: token)
        configuration.integrationKeyField = integrationKey.keyField
        configuration.integrationPlatformField = integrationKey.platformField
        configuration.defaultPlatform = integrationKey.defaultPlatform
        configuration.byKeyKeyParameter = integrationKey.keyParameter
        configuration.byKeyPlatformParameter = integrationKey.platformParameter
        configuration.byKeyProjectParameter = integrationKey.projectParameter
        return configuration
    }
}
