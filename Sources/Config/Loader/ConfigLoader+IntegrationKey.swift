import Rules
import TOML

/// `[sniffer]`'s integration-key names (`ConfigSchema.integrationKeyNames`).
extension ConfigLoader {
    /// Each name is a non-empty string; the two bug fields differ, and so do
    /// the three query parameters. An absent key keeps its default.
    static func integrationKey(_ table: TOMLTable, _ reader: inout TOMLReader) -> BridgeConfig.IntegrationKey {
        var names = BridgeConfig.IntegrationKey()
        let fields: [(String, WritableKeyPath<BridgeConfig.IntegrationKey, String>)] = [
            ("integration_key_field", \.keyField), ("integration_platform_field", \.platformField),
            ("default_platform", \.defaultPlatform), ("by_key_key_parameter", \.keyParameter),
            ("by_key_platform_parameter", \.platformParameter), ("by_key_project_parameter", \.projectParameter),
        ]
        for (key, path) in fields {
            guard let node = table[key], let (value, _) = reader.string(node, key: key) else { continue }
            guard !value.isEmpty else {
                reader.report(node.contentPosition, ConfigMessage.emptyName(key))
                continue
            }
            names[keyPath: path] = value
        }
        let groups: [[(String, String)]] = [
            [("integration_key_field", names.keyField), ("integration_platform_field", names.platformField)],
            [
                ("by_key_key_parameter", names.keyParameter), ("by_key_platform_parameter", names.platformParameter),
                ("by_key_project_parameter", names.projectParameter),
            ],
        ]
        for group in groups {
            for (index, (key, value)) in group.enumerated() {
                // Reported at the later key of a clashing pair (or the one written, if the other is a default).
                guard let earlier = group[..<index].first(where: { $0.1 == value }) else { continue }
                let written = table[key] != nil ? key : earlier.0
                let other = written == key ? earlier.0 : key
                let position = reader.position(of: written, in: table, fallback: TOMLPosition(line: 1, column: 1))
                reader.report(position, ConfigMessage.sameName(written, as: other, value))
            }
        }
        return names
    }
}
