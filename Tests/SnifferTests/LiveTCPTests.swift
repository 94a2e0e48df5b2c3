import Foundation
import JSON
import Outbound
import Sniffer
import SnifferSim
import Testing

/// The client over real TCP (CurlTransport) against the simulator's listener.
@Suite(.serialized) struct LiveTCPTests {
    @Test func everyCallOverTCP() async throws {
        let f = try LiveFixture()
        defer { f.close() }
        let created = try #require(await f.client.createBug(f.draft("Deploy failed", key: "deploy-1")).value)
        #expect(!created.alreadyExisted)
        let id = created.bug.id
        #expect(await f.client.bug(id: id).value?.summary == "Deploy failed")
        #expect(await f.client.bug(integrationKey: "deploy-1", project: f.project).value?.id == id)
        let closed = try #require(await f.client.statusID(named: "closed", project: f.project).value)
        #expect(await f.client.updateBug(id: id, ["bugStatus": .string(closed)]).value?.status == closed)
        #expect(await f.client.updateBug(id: id, ["severity": "Critical"]).value?.raw["severity"] == "Critical")
        #expect(await f.client.createComment(bug: id, text: "over TCP").value?.text == "over TCP")
        #expect(await f.client.comments(bug: id).value?.total == 1)
        #expect(await f.client.statuses(project: f.project).value?.items.count == 100)
        #expect(await f.client.searchBugs("deploy").value?.map(\.id) == [id])
        #expect(await f.client.projects().value?.items.map(\.id) == [f.project])
        #expect(await f.client.bugs(project: f.project, statuses: [closed]).value?.total == 1)
        // Keep-alive: all of it on one connection.
        #expect(f.listener.connectionsAccepted == 1)
    }

    @Test func tokenRejectionOverTCP() async throws {
        let f = try LiveFixture()
        defer { f.close() }
        f.sim.addFault(try SimFault(json: ["route": "/bug", "action": "expireToken"]))
        guard case .tokenRejected(let message) = await f.client.createBug(f.draft("x")) else {
            Issue.record("expected tokenRejected")
            return
        }
        #expect(message == "API token has expired")
    }

    @Test func lostResponseOverTCPEndsInOneBug() async throws {
        let f = try LiveFixture()
        defer { f.close() }
        f.sim.addFault(try SimFault(json: ["method": "POST", "route": "/bug", "action": "applyThenDrop"]))
        let first = await f.client.createBug(f.draft("lost over tcp", key: "tcp-1"))
        guard case .retryable(let failure) = first else {
            Issue.record("a dropped connection is retryable, got \(first)")
            return
        }
        #expect(failure.transportFailure != nil)
        #expect(failure.status == nil)
        let retried = try #require(await f.client.createBug(f.draft("lost over tcp", key: "tcp-1"), lookUpFirst: true).value)
        #expect(retried.alreadyExisted)
        #expect(f.sim.bugCount() == 1)
    }

    @Test func retryAfterOverTCP() async throws {
        let f = try LiveFixture()
        defer { f.close() }
        f.sim.addFault(try SimFault(json: ["route": "/projects", "status": 429, "retryAfter": 2]))
        guard case .retryable(let failure) = await f.client.projects() else {
            Issue.record("429 is retryable")
            return
        }
        #expect(failure.status == 429)
        #expect(failure.retryAfter == "2")
    }

    @Test func resetOverTCPIsATransportFailure() async throws {
        let f = try LiveFixture()
        defer { f.close() }
        f.sim.addFault(try SimFault(json: ["route": "/projects", "action": "reset"]))
        guard case .retryable(let failure) = await f.client.projects() else {
            Issue.record("a reset is retryable")
            return
        }
        #expect(failure.transportFailure != nil)
        #expect(await f.client.projects().value != nil)  // the next call reconnects
    }

    @Test func latencyBeyondTheTimeoutIsATimeout() async throws {
        let f = try LiveFixture()
        defer { f.close() }
        f.sim.addFault(try SimFault(json: ["route": "/projects", "latencyMs": 600]))
        var configuration = f.client.configuration
        configuration.timeout = .milliseconds(100)
        let impatient = SnifferClient(configuration: configuration, transport: f.transport)
        guard case .retryable(let failure) = await impatient.projects() else {
            Issue.record("a timeout is retryable")
            return
        }
        // A late answer would have been a success: the kind proves it was cut short.
        #expect(failure.transportFailure?.kind == .timeout)
    }
}
