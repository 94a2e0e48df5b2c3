import Config
import TOML

/// The config file's settings as the config loader accepts them
/// (`ConfigSchema`), for checking the shipped configs.
enum ConfigKeys {
    static let sections: [String: Set<String>] = Dictionary(
        uniqueKeysWithValues: ConfigSchema.sections.map { ($0.name, Set($0.keys)) })
    /// Each source's key for its secrets or tokens.
    static let sourceSecretKeys: [String: String] = Dictionary(
        uniqueKeysWithValues: ConfigSchema.sources.map { ($0.name, $0.secretsKey) })
    /// Each source's keys beyond `enabled` and its secrets (`signing_keys`, `allow_unsigned`).
    static let sourceExtraKeys: [String: [String]] = Dictionary(
        uniqueKeysWithValues: ConfigSchema.sources.map { ($0.name, $0.extraKeys) })

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
                    guard let schema = SourceRegistry.entry(source), let sourceTable = sourceNode.value.tableValue else {
                        throw Unknown(key: "sources.\(source)")
                    }
                    for (sourceKey, _) in sourceTable where !schema.keys.contains(sourceKey) {
                        throw Unknown(key: "sources.\(source).\(sourceKey)")
                    }
                }
                continue
            }
            guard let known = sections[key] else { throw Unknown(key: key) }
            for (inner, innerNode) in table where !known.contains(inner) {
                // A table nested in the section (`[sniffer.breaker]`) has keys of its own.
                guard let nested = ConfigSchema.tables["[\(key).\(inner)]"], let nestedTable = innerNode.value.tableValue else {
                    throw Unknown(key: "\(key).\(inner)")
                }
                for (nestedKey, _) in nestedTable where !nested.contains(nestedKey) { throw Unknown(key: "\(key).\(inner).\(nestedKey)") }
            }
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
