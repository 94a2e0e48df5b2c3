import Foundation
import HTTP
import JSON
import Outbound
import Sniffer
import SnifferSim
import Telemetry

/// A fresh simulator and a client wired to it in-process.
struct Fixture {
    let sim: SnifferSimulator
    let client: SnifferClient

    init(configure: (inout SnifferSimulator.Configuration) -> Void = { _ in }) throws {
        var configuration = SnifferSimulator.Configuration.strict
        configure(&configuration)
        sim = try SnifferSimulator(configuration: configuration)
        client = SnifferClient(
            configuration: SnifferConfiguration(baseURL: "http://sim.test/", token: Secret(sim.seed.token)),
            transport: InProcessTransport(handler: sim))
    }

    var project: String { sim.seed.project }

    func status(_ name: String) -> String? { sim.seed.statuses.first { $0.name == name }?.id }

    /// A client for the same simulator with another token.
    func client(token: String) -> SnifferClient {
        SnifferClient(
            configuration: SnifferConfiguration(baseURL: "http://sim.test", token: Secret(token)),
            transport: InProcessTransport(handler: sim))
    }

    func draft(_ summary: String, key: String? = nil) -> SnifferBugDraft {
        var draft = SnifferBugDraft(summary: summary, project: project)
        draft.integrationKey = key
        return draft
    }

    /// Calls the simulator directly; answers the response.
    func raw(_ method: String, _ target: String, token: String? = nil, body: JSON? = nil) async -> HTTPResponse {
        var headers = HTTPHeaders()
        if let token = token ?? Optional(sim.seed.token), !token.isEmpty { headers.add("api-token", token) }
        let request = HTTPRequest(
            method: method, target: target, headers: headers, body: body.map { $0.serializedBytes() } ?? [])
        return await sim.response(to: request)
    }

    /// The parsed body of a raw call.
    func rawJSON(_ method: String, _ target: String, token: String? = nil, body: JSON? = nil) async throws -> (Int, JSON) {
        let response = await raw(method, target, token: token, body: body)
        return (response.status, try JSON(parsing: response.body))
    }

    func arm(_ fault: JSON) async throws {
        let (status, _) = try await rawJSON("POST", "/_sim/faults", body: fault)
        guard status == 201 else { throw FixtureError(description: "arming \(fault.serialized()) answered \(status)") }
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
}
