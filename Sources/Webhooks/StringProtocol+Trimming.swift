import Foundation

extension StringProtocol where UTF8View: BidirectionalCollection {
    /// `trimmingCharacters(in: .whitespaces)`, without Foundation's cost in
    /// the usual case of nothing to trim: when both ends are ASCII other than
    /// space and tab, the text is returned as is; otherwise Foundation trims,
    /// so the result is the same for every input (Unicode spaces included).
    /// Called for several headers and fields of every webhook.
    func trimmedWhitespace() -> String {
        if let first = utf8.first, let last = utf8.last, Self.isPlainEdge(first), Self.isPlainEdge(last) {
            return String(self)
        }
        return trimmingCharacters(in: .whitespaces)
    }

    private static func isPlainEdge(_ byte: UInt8) -> Bool {
        byte < 0x80 && byte != 0x20 && byte != 0x09
    }
}
