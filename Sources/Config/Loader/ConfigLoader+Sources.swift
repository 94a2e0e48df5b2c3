import Rules
import Telemetry
import TOML
import Webhooks

/// `[sources.<name>]`: each table's keys come from `SourceRegistry`. An
/// enabled source must have what its adapter needs: that is checked here,
/// with the position of the key at fault, and then its adapter is built, so
/// a loaded config's sources are ready to serve.
extension ConfigLoader {
    static func sources(
        _ table: TOMLTable, into config: inout BridgeConfig, adapters: inout [String: any WebhookSource],
        _ reader: inout TOMLReader
    ) {
        for (name, node) in table {
            guard let schema = SourceRegistry.entry(name) else {
                reader.report(
                    reader.position(of: name, in: table, fallback: node.position),
                    DiagnosticMessage.unknownSource(name, known: SourceRegistry.names))
                continue
            }
            let before = reader.diagnostics.count
            guard case .table(let sourceTable) = node.value else {
                reader.report(node.position, DiagnosticMessage.wrongType("sources.\(name)", expected: "a table", found: node.value.typeName))
                continue
            }
            reader.checkKeys(sourceTable, known: schema.keys, context: "[sources.\(name)]", at: node.position)
            var source = BridgeConfig.Source()
            source.enabled = reader.bool(sourceTable, "enabled") ?? true
            let secrets = SecretList(sourceTable, schema.secretsKey, &reader)
            source.secrets = secrets.values
            var signingKeys = SecretList.absent("signing_keys")
            if schema.extraKeys.contains("signing_keys") {
                signingKeys = SecretList(sourceTable, "signing_keys", &reader)
                source.signingKeys = signingKeys.values
            }
            if schema.extraKeys.contains("allow_unsigned") {
                source.allowUnsigned = reader.bool(sourceTable, "allow_unsigned") ?? false
            }
            // A disabled source is never built, so only its types are checked.
            if source.enabled {
                var lists = [secrets]
                if schema.extraKeys.contains("signing_keys") { lists.append(signingKeys) }
                requireCredentials(
                    name, lists, source, acceptsUnsigned: schema.extraKeys.contains("allow_unsigned"), table: sourceTable,
                    at: node.position, &reader)
                if reader.diagnostics.count == before {
                    // The checks above give positions; the adapter has the last word.
                    do { adapters[name] = try schema.adapter(source) } catch {
                        reader.report(node.position, error.description)
                    }
                }
            }
            config.sources[name] = source
        }
    }

    /// Reports empty entries, malformed signing keys, and a source left with
    /// no way to authenticate a request (Jira's: neither secrets nor
    /// `allow_unsigned`, or both).
    private static func requireCredentials(
        _ name: String, _ lists: [SecretList], _ source: BridgeConfig.Source, acceptsUnsigned: Bool, table: TOMLTable,
        at position: TOMLPosition, _ reader: inout TOMLReader
    ) {
        for list in lists {
            for (index, entry) in list.entries.enumerated() {
                if entry.value.isEmpty {
                    reader.report(entry.node.contentPosition, ConfigMessage.emptySecret(list.key, entry: index + 1))
                } else if list.key == "signing_keys", !isSigningKey(entry.value) {
                    reader.report(entry.node.contentPosition, ConfigMessage.notSigningKey(list.key, entry: index + 1))
                }
            }
        }
        // A list whose `${ENV}` could not be resolved was reported already.
        guard lists.allSatisfy(\.isComplete) else { return }
        let hasCredentials = lists.contains { !$0.values.isEmpty }
        let first = lists.first { $0.node != nil }?.node?.position ?? position
        if acceptsUnsigned {
            // An `allow_unsigned` that is not a boolean was reported already.
            if let node = table["allow_unsigned"], node.value.booleanValue == nil { return }
            if !hasCredentials, !source.allowUnsigned {
                reader.report(first, ConfigMessage.jiraNeedsSecrets)
            } else if hasCredentials, source.allowUnsigned {
                reader.report(
                    reader.position(of: "allow_unsigned", in: table, fallback: position), ConfigMessage.jiraSecretsAndUnsigned)
            }
        } else if !hasCredentials {
            reader.report(first, ConfigMessage.needsSecrets(name, lists.map(\.key)))
        }
    }

    /// `whsec_<base64>` (the prefix is optional): what the GitLab adapter decodes.
    static func isSigningKey(_ text: String) -> Bool {
        StandardWebhooksSignature.Key(Secret(text)) != nil
    }

    /// One list of secrets with the node of each entry, for positions.
    struct SecretList {
        let key: String
        /// The list's own node; `nil` when the key is absent.
        let node: TOMLNode?
        let entries: [(value: String, node: TOMLNode)]
        /// False when an entry's `${ENV}` was not set (already reported).
        let isComplete: Bool

        var values: [String] { entries.map(\.value) }

        static func absent(_ key: String) -> SecretList {
            SecretList(key: key, node: nil, entries: [], isComplete: true)
        }

        private init(key: String, node: TOMLNode?, entries: [(value: String, node: TOMLNode)], isComplete: Bool) {
            self.key = key
            self.node = node
            self.entries = entries
            self.isComplete = isComplete
        }

        /// `key` of `table` as an array of strings, each `${ENV}`-resolved.
        init(_ table: TOMLTable, _ key: String, _ reader: inout TOMLReader) {
            guard let node = table[key] else {
                self.init(key: key, node: nil, entries: [], isComplete: true)
                return
            }
            guard case .array(let items) = node.value else {
                reader.report(node.position, DiagnosticMessage.wrongType(key, expected: "an array of strings", found: node.value.typeName))
                self.init(key: key, node: node, entries: [], isComplete: false)
                return
            }
            var entries: [(value: String, node: TOMLNode)] = []
            for item in items {
                if let (value, _) = reader.string(item, key: key) { entries.append((value, item)) }
            }
            self.init(key: key, node: node, entries: entries, isComplete: entries.count == items.count)
        }
    }
}
