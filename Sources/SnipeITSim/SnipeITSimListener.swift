import HTTP
import SnifferSim

/// The Snipe-IT simulator on a real socket: what `sniffer-bridge sim
/// --snipeit` and the live tests run.
public final class SnipeITSimListener: Sendable {
    public let simulator: SnipeITSimulator
    public let server: HTTPServer

    /// Binds `listen` (`HOST:PORT`; port 0 picks a free one) and serves `simulator` on it.
    public init(simulator: SnipeITSimulator, listen: String, loopCount: Int? = nil) throws {
        let (host, port) = try SimListener.parseListen(listen)
        self.simulator = simulator
        server = HTTPServer(
            configuration: HTTPServer.Configuration(host: host, port: port, loopCount: loopCount), handler: simulator)
        try server.start()
    }

    /// `HOST:PORT` actually bound (the chosen port when asked for 0).
    public var address: String {
        server.localAddress?.description ?? ""
    }

    /// TCP connections accepted so far.
    public var connectionsAccepted: Int { server.connectionsAccepted }

    public func stop() {
        server.stop()
    }
}
