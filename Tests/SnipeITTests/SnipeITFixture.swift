import Foundation
import HTTP
import JSON
import Outbound
import SnifferSim
import SnipeIT
import SnipeITSim
import Telemetry

/// A fresh Snipe-IT simulator and a client wired to it in process. The
/// client's bucket is wide open unless a test passes its own configuration,
/// so tests that are not about rate limiting never wait for it.
struct SnipeITFixture {
    let sim: SnipeITSimulator
    let client: SnipeITClient

    init(
        clock: any SnipeITClock = SnipeITSystemClock(),
        configureSim: (inout SnipeITSimulator.Configuration) -> Void = { _ in },
        configureClient: (inout SnipeITConfiguration) -> Void = { _ in }
    ) {
        var simConfiguration = SnipeITSimulator.Configuration()
        simConfiguration.rateLimitPerMinute = 0
        configureSim(&simConfiguration)
        sim = SnipeITSimulator(configuration: simConfiguration)
        var configuration = SnipeITConfiguration(baseURL: "http://snipeit.test/", token: Secret(sim.token))
        configuration.requestsPerMinute = 600_000
        configuration.burst = 10_000
        configureClient(&configuration)
        client = SnipeITClient(configuration: configuration, transport: InProcessTransport(handler: sim), clock: clock)
    }

    /// A client for the same simulator with another token.
    func client(token: String) -> SnipeITClient {
        var configuration = client.configuration
        configuration.token = Secret(token)
        return SnipeITClient(configuration: configuration, transport: InProcessTransport(handler: sim))
    }

    /// Calls the simulator directly, with the given headers (the token's by default).
    func raw(
        _ method: String, _ target: String, headers: [(String, String)]? = nil, body: [UInt8] = []
    ) async -> HTTPResponse {
        let fields = headers ?? [("Authorization", "Bearer \(sim.token)"), ("Accept", "application/json")]
        return await sim.response(to: HTTPRequest(method: method, target: target, headers: HTTPHeaders(fields), body: body))
    }

    /// The parsed body of a raw call.
    func rawJSON(_ method: String, _ target: String, body: JSON? = nil) async throws -> (Int, JSON) {
        let response = await raw(method, target, body: body.map { $0.serializedBytes() } ?? [])
        return (response.status, try JSON(parsing: response.body))
    }

    /// Arms a fault through the control endpoint.
    func arm(_ fault: JSON) async throws {
        let response = await raw("POST", "/_sim/faults", headers: [], body: fault.serializedBytes())
        guard response.status == 201 else {
            throw FixtureError(description: "arming \(fault.serialized()) answered \(response.status)")
        }
    }

    /// API calls the simulator received.
    var apiRequests: Int { sim.receivedRequests.count }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
}
