/// Resolves `${NAME}` references in string values at load time. `$${`
/// writes a literal `${`. A variable that is not set is a load error naming
/// it; the environment is passed in so tests control it.
enum EnvironmentSubstitution {
    /// The text with every reference replaced, or the problems found, each
    /// with the byte offset of its `${`.
    static func resolve(_ text: String, _ environment: [String: String]) -> (String, [(Int, String)]) {
        guard text.utf8.contains(UInt8(ascii: "$")) else { return (text, []) }
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var problems: [(Int, String)] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "$"), index + 1 < bytes.count else {
                out.append(byte)
                index += 1
                continue
            }
            if bytes[index + 1] == UInt8(ascii: "$"), index + 2 < bytes.count, bytes[index + 2] == UInt8(ascii: "{") {
                out.append(contentsOf: Array("${".utf8))
                index += 3
                continue
            }
            guard bytes[index + 1] == UInt8(ascii: "{") else {
                out.append(byte)
                index += 1
                continue
            }
            var end = index + 2
            while end < bytes.count, Lexer.isIdentifierPart(bytes[end]) { end += 1 }
            guard end < bytes.count, bytes[end] == UInt8(ascii: "}"), end > index + 2 else {
                problems.append((index, DiagnosticMessage.malformedEnvironment))
                out.append(byte)
                index += 1
                continue
            }
            let name = String(decoding: bytes[(index + 2)..<end], as: UTF8.self)
            if let value = environment[name] {
                out.append(contentsOf: Array(value.utf8))
            } else {
                problems.append((index, DiagnosticMessage.missingEnvironment(name)))
            }
            index = end + 1
        }
        return (String(decoding: out, as: UTF8.self), problems)
    }
}
