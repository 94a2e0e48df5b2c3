import Outbound
import SnipeIT
import SnipeITSim
import Telemetry

/// The simulator on 127.0.0.1 (a free port) and a client over CurlTransport.
final class SnipeITLiveFixture: Sendable {
    let sim: SnipeITSimulator
    let listener: SnipeITSimListener
    let transport: CurlTransport
    let client: SnipeITClient

    init(configureSim: (inout SnipeITSimulator.Configuration) -> Void = { _ in }) throws {
        var configuration = SnipeITSimulator.Configuration()
        configuration.rateLimitPerMinute = 0
        configureSim(&configuration)
        sim = SnipeITSimulator(configuration: configuration)
        listener = try SnipeITSimListener(simulator: sim, listen: "127.0.0.1:0", loopCount: 1)
        transport = try CurlTransport(configuration: CurlTransport.Configuration(
            connectTimeout: .seconds(5), timeout: .seconds(10), httpVersion: .http1_1))
        var client = SnipeITConfiguration(baseURL: "http://\(listener.address)", token: Secret(sim.token))
        client.requestsPerMinute = 600_000
        client.burst = 10_000
        self.client = SnipeITClient(configuration: client, transport: transport)
    }

    var base: String { "http://\(listener.address)" }

    func close() {
        transport.shutdown()
        listener.stop()
    }
}
