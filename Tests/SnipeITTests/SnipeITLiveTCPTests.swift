import Foundation
import JSON
import Outbound
import SnipeIT
import SnipeITSim
import Testing

/// The client over real TCP (CurlTransport) against the simulator's listener.
@Suite(.serialized) struct SnipeITLiveTCPTests {
    @Test func everyCallOverTCP() async throws {
        let f = try SnipeITLiveFixture()
        defer { f.close() }
        let asset = try #require(await f.client.assetByTag("LAPTOP-0002").value?.first)
        #expect(asset.name == "Dell & Sons loaner")
        #expect(asset.webURL == "\(f.base)/hardware/2")
        #expect(await f.client.assetByTag("DUP-0001").value?.count == 2)
        guard case .notFound = await f.client.assetByTag("NOPE") else {
            Issue.record("an unknown tag is notFound over TCP too")
            return
        }
        #expect(await f.client.assetsBySerial("SN-SHARED").value?.rows.count == 2)
        #expect(await f.client.users(email: "ada@example.com").value?.rows.first?.username == "ada")
        let repair = try #require(await f.client.statusLabelID(named: "out for repair").value)
        #expect(await f.client.updateAsset(id: 1, statusID: repair).value?.statusID == repair)
        guard case .clientError(200, .fields) = await f.client.updateAsset(id: 1, statusID: 999) else {
            Issue.record("a field error over TCP is a clientError")
            return
        }
        let draft = SnipeITMaintenanceDraft(
            assetID: 1, supplierID: 1, title: "Hinge & screen", type: "Repair", startDate: "2025-01-02")
        let added = try #require(await f.client.addMaintenance(draft).value)
        #expect(await f.client.maintenances(assetID: 1).value?.rows.map(\.id) == [added.id])
        // Keep-alive: all of it on one connection.
        #expect(f.listener.connectionsAccepted == 1)
    }

    @Test func aBadTokenOverTCP() async throws {
        let f = try SnipeITLiveFixture()
        defer { f.close() }
        var configuration = f.client.configuration
        configuration.token = "not-the-token"
        let stranger = SnipeITClient(configuration: configuration, transport: f.transport)
        guard case .tokenRejected = await stranger.statusLabels() else {
            Issue.record("401 over TCP is tokenRejected")
            return
        }
        // Without the Accept header (a proxy stripping it), the same call is a redirect to the login page.
        let bare = await f.transport.send(OutboundRequest(
            method: "GET", url: "\(f.base)/api/v1/statuslabels", headers: [(name: "Authorization", value: "Bearer nope")]))
        let response = try bare.get()
        #expect(response.status == 302)
        #expect(response.header("Location") == "\(f.base)/login")
        #expect(String(decoding: response.body, as: UTF8.self).contains("<title>Redirecting to \(f.base)/login</title>"))
    }

    @Test func aRedirectOverTCPIsInvalidResponse() async throws {
        let f = try SnipeITLiveFixture()
        defer { f.close() }
        f.sim.addFault(SnipeITSimFault(action: .loginRedirect))
        guard case .invalidResponse(let message) = await f.client.assetByTag("LAPTOP-0001") else {
            Issue.record("a redirect is invalidResponse")
            return
        }
        #expect(message.contains("answered an HTML page (302 to /login)"))
    }

    @Test func retryAfterOverTCP() async throws {
        let f = try SnipeITLiveFixture { $0.rateLimitPerMinute = 1 }
        defer { f.close() }
        #expect(await f.client.assetByTag("LAPTOP-0001").value != nil)
        #expect(f.client.lastRateLimitReading == SnipeITRateLimitReading(limit: 1, remaining: 0))
        guard case .rateLimited(let wait) = await f.client.assetByTag("LAPTOP-0001") else {
            Issue.record("the second call of the minute is rateLimited")
            return
        }
        #expect(wait > .seconds(55) && wait <= .seconds(60))
        #expect(f.client.rateLimiter.pausedUntil != nil)
    }

    @Test func resetAndDownOverTCP() async throws {
        let f = try SnipeITLiveFixture()
        defer { f.close() }
        f.sim.addFault(SnipeITSimFault(action: .reset))
        guard case .retryable(let reset) = await f.client.assetByTag("LAPTOP-0001") else {
            Issue.record("a reset is retryable")
            return
        }
        #expect(reset.transportFailure != nil)
        f.sim.addFault(SnipeITSimFault(action: .down))
        guard case .retryable(let down) = await f.client.assetByTag("LAPTOP-0001") else {
            Issue.record("down is retryable")
            return
        }
        #expect(down.status == 503)
        f.sim.removeAllFaults()
        #expect(await f.client.assetByTag("LAPTOP-0001").value != nil)
    }
}
