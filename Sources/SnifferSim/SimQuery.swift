import Foundation

/// A request's query string, decoded (`+` is a space, `%XX` escapes), with
/// repeated names kept in order.
struct SimQuery: Sendable {
    private(set) var pairs: [(name: String, value: String)] = []

    init(_ raw: Substring?) {
        guard let raw else { return }
        for part in raw.split(separator: "&", omittingEmptySubsequences: true) {
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(kv[0])
            let value = kv.count > 1 ? Self.decode(kv[1]) : ""
            pairs.append((name, value))
        }
    }

    subscript(name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    /// Every value of `name`, splitting comma-separated lists
    /// (`statuses=a,b` and `statuses=a&statuses=b` mean the same).
    func list(_ name: String) -> [String] {
        pairs.filter { $0.name == name || $0.name == name + "[]" }
            .flatMap { $0.value.split(separator: ",").map(String.init) }
            .filter { !$0.isEmpty }
    }

    static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
