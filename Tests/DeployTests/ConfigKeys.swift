import TOML

/// The config file's settings as DESIGN.md names them (and the Rules
/// target's config loader reads them), for checking the shipped configs.
enum ConfigKeys {
    static let sections: [String: Set<String>] = [
        "server": ["listen", "max_body_bytes", "shutdown_timeout"],
        "store": ["path", "durability"],
        "sniffer": ["base_url", "token", "token_file", "project"],
        "retry": ["max_attempts", "base_delay", "max_delay", "max_age"],
        "delivery": ["concurrency"],
    ]
    /// Each source's key for its secrets or tokens.
    static let sourceSecretKeys: [String: String] = [
        "github": "secrets", "gitlab": "tokens", "jenkins": "tokens", "ci": "tokens", "jira": "secrets", "slack": "signing_secrets",
    ]

    struct Unknown: Error, CustomStringConvertible {
        let key: String
        var description: String { "unknown config key \(key)" }
    }

    /// Throws for any key the config loader would reject as unknown.
    static func checkKnown(_ document: TOMLTable) throws {
        for (key, node) in document {
            if key == "mappings" { continue }
            guard let table = node.value.tableValue else { throw Unknown(key: key) }
            if key == "sources" {
                for (source, sourceNode) in table {
                    guard let secretKey = sourceSecretKeys[source], let sourceTable = sourceNode.value.tableValue else {
                        throw Unknown(key: "sources.\(source)")
                    }
                    for (sourceKey, _) in sourceTable where sourceKey != "enabled" && sourceKey != secretKey {
                        throw Unknown(key: "sources.\(source).\(sourceKey)")
                    }
                }
                continue
            }
            guard let known = sections[key] else { throw Unknown(key: key) }
            for (inner, _) in table where !known.contains(inner) { throw Unknown(key: "\(key).\(inner)") }
        }
    }

    /// The names of `${NAME}` references in a config file's text.
    static func environmentReferences(in text: String) -> Set<String> {
        var names = Set<String>()
        let bytes = Array(text.utf8)
        var index = 0
        while index + 1 < bytes.count {
            if bytes[index] == UInt8(ascii: "$"), bytes[index + 1] == UInt8(ascii: "{"), index == 0 || bytes[index - 1] != UInt8(ascii: "$") {
                var end = index + 2
                while end < bytes.count, bytes[end] != UInt8(ascii: "}") { end += 1 }
                if end < bytes.count { names.insert(String(decoding: bytes[(index + 2)..<end], as: UTF8.self)) }
                index = end
            }
            index += 1
        }
        return names
    }

    /// The string value at `section.key`.
    static func string(_ document: TOMLTable, _ section: String, _ key: String) -> String? {
        document[section]?.value.tableValue?[key]?.value.stringValue
    }
}
