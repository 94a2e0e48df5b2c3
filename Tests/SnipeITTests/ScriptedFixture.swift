import JSON
import Outbound
import SnipeIT
import Telemetry

/// A client over a scripted transport: for answers no simulator gives.
struct ScriptedFixture {
    let transport: ScriptedTransport
    let client: SnipeITClient
    let clock: ManualSnipeITClock

    init(_ answers: [Result<OutboundResponse, TransportFailure>], token: String = "tok-secret-123") {
        transport = ScriptedTransport(answers)
        clock = ManualSnipeITClock()
        var configuration = SnipeITConfiguration(baseURL: "https://assets.example.com", token: Secret(token))
        configuration.requestsPerMinute = 600_000
        configuration.burst = 10_000
        client = SnipeITClient(configuration: configuration, transport: transport, clock: clock)
    }

    /// An answer with a JSON body.
    static func json(
        _ status: Int, _ body: JSON, headers: [(name: String, value: String)] = []
    ) -> Result<OutboundResponse, TransportFailure> {
        .success(OutboundResponse(
            status: status, headers: [(name: "Content-Type", value: "application/json")] + headers, body: body.serializedBytes()))
    }

    /// An answer with a raw body.
    static func raw(
        _ status: Int, _ body: String, headers: [(name: String, value: String)] = []
    ) -> Result<OutboundResponse, TransportFailure> {
        .success(OutboundResponse(status: status, headers: headers, body: Array(body.utf8)))
    }
}
