import Rules
import TOML

/// `[admin] tokens`: an array of tables (`[[admin.tokens]]` or inline),
/// each `{ name, token | token_file, scope }`, checked as the admin API
/// will use them: names unique, values not empty, scopes known.
extension ConfigLoader {
    static func admin(
        _ table: TOMLTable, readTokens: Bool, into admin: inout BridgeConfig.Admin, _ reader: inout TOMLReader
    ) {
        reader.checkKeys(table, known: ConfigSchema.keys(of: "admin"), context: "[admin]", at: top)
        guard let node = table["tokens"] else { return }
        guard case .array(let entries) = node.value else {
            reader.report(node.position, DiagnosticMessage.wrongType("tokens", expected: "an array of tables", found: node.value.typeName))
            return
        }
        var names: [String: TOMLPosition] = [:]
        for (index, entry) in entries.enumerated() {
            guard case .table(let fields) = entry.value else {
                reader.report(entry.position, ConfigMessage.adminTokenNotTable(entry: index + 1, found: entry.value.typeName))
                continue
            }
            guard let token = adminToken(fields, at: entry.position, read: readTokens, names: &names, &reader) else { continue }
            // One value under two names would log a write under either: each token is one caller.
            if !token.value.isEmpty, let other = admin.tokens.first(where: { $0.value == token.value }) {
                reader.report(entry.position, ConfigMessage.sameAdminToken(token.name, as: other.name))
                continue
            }
            admin.tokens.append(token)
        }
    }

    /// One entry; `nil` when something in it was reported.
    private static func adminToken(
        _ fields: TOMLTable, at position: TOMLPosition, read: Bool, names: inout [String: TOMLPosition],
        _ reader: inout TOMLReader
    ) -> BridgeConfig.Token? {
        reader.checkKeys(fields, known: ConfigSchema.adminTokenKeys, context: "[[admin.tokens]]", at: position)
        var name: String?
        if let node = fields["name"], let (value, _) = reader.string(node, key: "name") {
            if value.isEmpty {
                reader.report(node.contentPosition, ConfigMessage.emptyName("name"))
            } else if let first = names[value] {
                reader.report(node.contentPosition, ConfigMessage.duplicateAdminToken(value, first: reader.location(first)))
            } else {
                names[value] = node.contentPosition
                name = value
            }
        } else if fields["name"] == nil {
            reader.report(position, DiagnosticMessage.missingKey("name", in: "[[admin.tokens]]"))
        }
        var scope: BridgeConfig.AdminScope?
        if let node = fields["scope"], let (value, _) = reader.string(node, key: "scope") {
            scope = BridgeConfig.AdminScope(rawValue: value)
            if scope == nil {
                let allowed = BridgeConfig.AdminScope.allCases.map(\.rawValue)
                reader.report(node.contentPosition, DiagnosticMessage.badChoice("scope", value, allowed: allowed))
            }
        } else if fields["scope"] == nil {
            reader.report(position, DiagnosticMessage.missingKey("scope", in: "[[admin.tokens]]"))
        }
        let value = valueOrFile(
            fields, key: "token", fileKey: "token_file", noun: "token", at: position, read: read,
            missing: ConfigMessage.adminTokenNeedsValue, &reader)
        guard let name, let scope else { return nil }
        // Without `read` (`dry-run`, `test`) the value is not needed: a placeholder keeps the entry.
        guard let value else { return read ? nil : BridgeConfig.Token(name: name, value: "", scope: scope) }
        return BridgeConfig.Token(name: name, value: value.value, file: value.file, scope: scope)
    }
}
