import Config
import Foundation
import Outbound
import Rules
import Sniffer
import Store
import Telemetry

/// Everything the gateway derives from a `BridgeConfig`, resolved once:
/// paths made absolute, the token read, durations turned into policies.
/// Pure apart from reading `token_file`.
package struct GatewaySettings: Sendable {
    package var host: String
    package var port: Int
    package var maxBodyBytes: Int
    package var store: SQLiteStore.Configuration
    package var snifferBaseURL: String
    package var snifferToken: String
    package var defaultProject: String?
    /// `[sniffer]`'s integration-key field, platform and parameter names.
    package var integrationKey: BridgeConfig.IntegrationKey
    package var retryPolicy: RetryPolicy

    package init(_ config: BridgeConfig) throws(GatewayError) {
        (host, port) = try Self.listen(config.server.listen)
        maxBodyBytes = config.server.maxBodyBytes
        store = SQLiteStore.Configuration(
            directory: Self.dataDirectory(config),
            durability: config.store.durability == .os ? .os : .fsync)
        snifferBaseURL = config.sniffer.baseURL
        snifferToken = try Self.token(config.sniffer)
        defaultProject = config.sniffer.project.flatMap { $0.isEmpty ? nil : $0 }
        integrationKey = config.sniffer.integrationKey
        retryPolicy = RetryPolicy(
            baseDelay: .milliseconds(config.retry.baseDelayMilliseconds),
            maxDelay: .milliseconds(config.retry.maxDelayMilliseconds), maxAttempts: max(1, config.retry.maxAttempts),
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

    /// `[store].path`, relative to the config file's folder like the mapping globs.
    package static func dataDirectory(_ config: BridgeConfig) -> String {
        let path = config.store.path
        if path.hasPrefix("/") { return path }
        let folder = URL(fileURLWithPath: config.path).deletingLastPathComponent().path
        return folder.isEmpty ? path : folder + "/" + path
    }

    /// `HOST:PORT` (`[::1]:8080` for IPv6).
    package static func listen(_ text: String) throws(GatewayError) -> (String, Int) {
        guard let colon = text.lastIndex(of: ":") else {
            throw .configuration("server.listen \"\(text)\" must be HOST:PORT")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, let port = Int(text[text.index(after: colon)...]), (0...65_535).contains(port) else {
            throw .configuration("server.listen \"\(text)\" must be HOST:PORT with a port in 0...65535")
        }
        return (host, port)
    }

    /// `token`, or the first line of `token_file`.
    static func token(_ sniffer: BridgeConfig.Sniffer) throws(GatewayError) -> String {
        if let token = sniffer.token, !token.isEmpty { return token }
        guard let file = sniffer.tokenFile else {
            throw .configuration("[sniffer] needs token or token_file")
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw .configuration("sniffer.token_file \(file): cannot read it")
        }
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw .configuration("sniffer.token_file \(file) is empty") }
        return token
    }
}
