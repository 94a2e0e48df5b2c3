import Foundation

/// A request's query string, decoded (`+` is a space, `%XX` escapes).
struct SnipeITSimQuery: Sendable {
    private(set) var pairs: [(name: String, value: String)] = []

    init(_ raw: Substring?) {
        guard let raw else { return }
        for part in raw.split(separator: "&", omittingEmptySubsequences: true) {
            let pair = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            pairs.append((Self.decode(pair[0]), pair.count > 1 ? Self.decode(pair[1]) : ""))
        }
    }

    /// The first value of `name`, `nil` when absent or empty (Laravel's `filled`).
    subscript(name: String) -> String? {
        guard let value = pairs.first(where: { $0.name == name })?.value, !value.isEmpty else { return nil }
        return value
    }

    /// `limit` as Snipe-IT reads it: a positive integer up to 500, else 500.
    var limit: Int {
        guard let text = self["limit"], let number = Int(text), number != 0, abs(number) <= 500 else { return 500 }
        return abs(number)
    }

    /// `offset` as Snipe-IT reads it: an integer, else 0; past the end is the end.
    func offset(total: Int) -> Int {
        let number = self["offset"].flatMap { Int($0) } ?? 0
        return min(max(0, number), total)
    }

    static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
