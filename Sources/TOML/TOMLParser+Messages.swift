/// How keys and slots are named in error messages.
extension TOMLParser {
    /// "a table", "an array of tables", "an integer", ...
    func describe(_ slot: TOMLBuilderTable.Slot?) -> String {
        switch slot {
        case nil: "undefined"
        case .table(let table) where table.origin == .inline: "an inline table"
        case .table(let table) where table.origin == .dotted: "a table defined by dotted keys"
        case .table: "a table"
        case .tableArray: "an array of tables"
        case .value(let node):
            switch node.value {
            case .table: "an inline table"
            case .array: "an array"
            case .integer, .offsetDateTime: "an \(node.value.typeName)"
            default: "a \(node.value.typeName)"
            }
        }
    }

    func position(of key: String, in table: TOMLBuilderTable) -> TOMLPosition {
        source.position(table.keyOffset(key) ?? table.offset)
    }

    func quoted(_ name: String) -> String { Self.display([KeySegment(name: name, offset: 0)]) }

    /// A key for messages: its segments joined by dots, in double quotes,
    /// e.g. `"server.port"`.
    static func display(_ key: [KeySegment]) -> String {
        var out = "\""
        for (offset, segment) in key.enumerated() {
            if offset > 0 { out += "." }
            out += escaped(segment.name)
        }
        return out + "\""
    }

    /// A key as it could be written in TOML: bare segments where possible,
    /// else quoted, e.g. `server."host name"`.
    static func syntax(_ key: [KeySegment]) -> String {
        key.map { segment -> String in
            let bare = !segment.name.isEmpty && segment.name.utf8.allSatisfy(isBareKeyByte)
            return bare ? segment.name : "\"" + escaped(segment.name) + "\""
        }.joined(separator: ".")
    }

    /// `text` with quotes, backslashes and control characters escaped as in a basic string.
    static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    static func isBareKeyByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }
}
