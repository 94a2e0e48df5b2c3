/// `[server] listen`: where the webhook listener binds, as `HOST:PORT`
/// (`[::1]:8080` for IPv6). The host is a name or a numeric address; port 0
/// picks a free one.
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    /// The host without IPv6 brackets: `0.0.0.0`, `::1`, `localhost`.
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Why a text is not an address.
    public enum Problem: Error, Sendable, Equatable {
        /// No `:`, or nothing before it.
        case notHostPort
        /// The part after the last `:` is not a number in 0...65535.
        case badPort
    }

    /// `text` read as `HOST:PORT`: the port follows the last `:`; brackets
    /// around the host are dropped.
    public static func parse(_ text: String) -> Result<ListenAddress, Problem> {
        guard let colon = text.lastIndex(of: ":") else { return .failure(.notHostPort) }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { return .failure(.notHostPort) }
        guard let port = Int(text[text.index(after: colon)...]), (0...65_535).contains(port) else { return .failure(.badPort) }
        return .success(ListenAddress(host: host, port: port))
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
