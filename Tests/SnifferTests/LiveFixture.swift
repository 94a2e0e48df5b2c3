import Outbound
import Sniffer
import SnifferSim
import Telemetry

/// The simulator on 127.0.0.1 (a free port) and a client over CurlTransport.
final class LiveFixture: Sendable {
    let sim: SnifferSimulator
    let listener: SimListener
    let transport: CurlTransport
    let client: SnifferClient

    init(configure: (inout SnifferSimulator.Configuration) -> Void = { _ in }) throws {
        var configuration = SnifferSimulator.Configuration.strict
        configure(&configuration)
        sim = try SnifferSimulator(configuration: configuration)
        listener = try SimListener(simulator: sim, listen: "127.0.0.1:0", loopCount: 1)
        transport = try CurlTransport(configuration: CurlTransport.Configuration(
            connectTimeout: .seconds(5), timeout: .seconds(10), httpVersion: .http1_1))
        client = SnifferClient(
            configuration: SnifferConfiguration(baseURL: "http://\(listener.address)", token: Secret(sim.seed.token)),
            transport: transport)
    }

    func close() {
        transport.shutdown()
        listener.stop()
    }

    var project: String { sim.seed.project }

    func draft(_ summary: String, key: String? = nil) -> SnifferBugDraft {
        var draft = SnifferBugDraft(summary: summary, project: project)
        draft.integrationKey = key
        return draft
    }
}
