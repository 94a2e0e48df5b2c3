import Foundation
import Rules
import Sniffer
import TOML

/// `[sniffer]`: the API's base URL, the token (read from `token_file` when
/// that is how it is given), the default project; the integration-key names
/// are in `ConfigLoader+IntegrationKey.swift`.
extension ConfigLoader {
    static func sniffer(_ table: TOMLTable, into sniffer: inout BridgeConfig.Sniffer, _ reader: inout TOMLReader) {
        reader.checkKeys(table, known: ConfigSchema.keys(of: "sniffer"), context: "[sniffer]", at: top)
        if let node = table["base_url"], let (value, _) = reader.string(node, key: "base_url") {
            if isHTTPURL(value) { sniffer.baseURL = value } else { reader.report(node.contentPosition, ConfigMessage.badBaseURL(value)) }
        }
        // An empty project (an empty `${ENV}`) means none.
        if let project = reader.string(table, "project"), !project.isEmpty { sniffer.project = project }
        sniffer.integrationKey = integrationKey(table, &reader)
        if let node = table["web_url"], let (value, _) = reader.string(node, key: "web_url") {
            if let unknown = SnifferBugLinks.unknownPlaceholders(in: value).first {
                reader.report(node.contentPosition, ConfigMessage.unknownWebURLPlaceholder(unknown))
            } else if !value.isEmpty {
                let sample = value.replacingOccurrences(of: "{id}", with: "1").replacingOccurrences(of: "{number}", with: "1")
                if isHTTPURL(sample), sample != value {
                    sniffer.webURL = value
                } else {
                    reader.report(node.contentPosition, ConfigMessage.badWebURL(value))
                }
            }
        }
        if let node = table["custom_fields"], let value = reader.string(node, key: "custom_fields")?.0 {
            if let placement = BridgeConfig.CustomFields(rawValue: value) {
                sniffer.customFields = placement
            } else {
                let allowed = BridgeConfig.CustomFields.allCases.map(\.rawValue)
                reader.report(node.contentPosition, DiagnosticMessage.badChoice("custom_fields", value, allowed: allowed))
            }
        }
    }

    /// Exactly one of `token` and `token_file`. With `required`, the token
    /// must be there and not empty, and `token_file` is read (again on every
    /// load, so a reload picks up a rotated file); without, only the values'
    /// types and `${ENV}` are checked. `position` is the `[sniffer]` header,
    /// or the top of the file when there is none.
    static func token(
        _ table: TOMLTable, at position: TOMLPosition, required: Bool, into sniffer: inout BridgeConfig.Sniffer,
        _ reader: inout TOMLReader
    ) {
        guard let token = valueOrFile(
            table, key: "token", fileKey: "token_file", noun: "token", at: position, read: required,
            missing: ConfigMessage.needsToken, &reader)
        else { return }
        sniffer.token = token.value
        sniffer.tokenFile = token.file
    }

    /// `http://` or `https://` with a host, as libcurl will need it.
    static func isHTTPURL(_ text: String) -> Bool {
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty
        else { return false }
        return true
    }
}
