import Dispatch
import Foundation
import Glibc
import HTTP

/// The simulator on a real socket: what `sniffer-bridge sim` and the
/// benchmark run.
public final class SimListener: Sendable {
    public let simulator: SnifferSimulator
    public let server: HTTPServer

    /// A listen address that cannot be used.
    public struct AddressError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Parses `HOST:PORT` (`[::1]:8090` for IPv6; port 0 picks a free one).
    public static func parseListen(_ text: String) throws(AddressError) -> (host: String, port: Int) {
        guard let colon = text.lastIndex(of: ":") else {
            throw AddressError(description: "listen address '\(text)' must be HOST:PORT")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, let port = Int(text[text.index(after: colon)...]), (0...65_535).contains(port) else {
            throw AddressError(description: "listen address '\(text)' must be HOST:PORT with a port in 0...65535")
        }
        return (host, port)
    }

    /// Binds `listen` and serves `simulator` on it.
    public init(simulator: SnifferSimulator, listen: String, loopCount: Int? = nil) throws {
        let (host, port) = try Self.parseListen(listen)
        self.simulator = simulator
        server = HTTPServer(
            configuration: HTTPServer.Configuration(host: host, port: port, loopCount: loopCount), handler: simulator)
        try server.start()
    }

    /// `HOST:PORT` actually bound (the chosen port when asked for 0).
    public var address: String {
        guard let bound = server.localAddress else { return "" }
        return bound.description
    }

    /// TCP connections accepted so far.
    public var connectionsAccepted: Int { server.connectionsAccepted }

    public func stop() {
        server.stop()
    }
}
