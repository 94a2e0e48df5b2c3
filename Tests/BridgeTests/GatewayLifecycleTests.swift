import Bridge
import Foundation
import HTTP
import SnifferSim
import Store
import Synchronization
import Testing
import TestSupport

/// `Gateway.run()`: the loops live inside it, `stop()` ends it, the
/// shutdown deadline is read on the gateway's clock, and a gateway runs once.
@Suite(.serialized) struct GatewayLifecycleTests {
    /// The address `run()` reported.
    final class Listening: Sendable {
        let address = Mutex<SocketAddress?>(nil)
        var port: Int? { address.withLock { $0?.port } }
    }

    @Test func runServesUntilStopThenReturnsAndTheGatewayRunsOnce() async throws {
        let harness = try PipelineHarness()
        let gateway = try harness.makeGateway()
        let listening = Listening()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await gateway.run { address in listening.address.withLock { $0 = address } } }
            try await waitUntil("the gateway listens") { listening.port != nil }
            #expect(gateway.port == listening.port)
            #expect(try await harness.post(CIEvent(key: 1, run: 1).body, to: gateway).status == 202)
            try await harness.drain(gateway)
            await gateway.stop()
            // `run()` has returned by now: the group's only child is done.
            try await group.next()
        }
        #expect(gateway.port == nil)
        #expect(try await harness.inspector.bugs().count == 1)
        await #expect(throws: GatewayError(.lifecycle, "the gateway has already run or been stopped")) {
            try await gateway.start()
        }
    }

    @Test func aDeliveryPastTheShutdownDeadlineIsCutOffAndStaysInFlight() async throws {
        let harness = try PipelineHarness()
        // A create that takes 3 s of real time (the deadline below passes on the gateway's clock first).
        harness.simulator.addFault(
            try SimFaultJSON.make(["method": "POST", "route": "/bug", "latencyMs": 3_000, "times": 100]))
        let clock = ManualClock()
        let gateway = try harness.makeGateway(shutdownTimeout: .seconds(5), clock: clock)
        try await gateway.start()
        #expect(try await harness.post(CIEvent(key: 1, run: 1).body, to: gateway).status == 202)
        try await waitUntil("the create reaches the simulator") { harness.simulator.armedFaults.first?.times == 99 }
        let stopping = clock.now
        async let stopped: Void = gateway.stop()
        // The deadline runs on the gateway's clock: nothing ends until it moves.
        try await waitUntil("stop waits for the deadline") { clock.sleepers(since: stopping) == 1 }
        clock.advance(by: .seconds(4))
        #expect(clock.sleepers(since: stopping) == 1, "stop gave up before its deadline")
        clock.advance(by: .seconds(1))
        await stopped
        #expect(harness.logs.records.contains { $0.message.hasPrefix("Stop deadline passed with deliveries in flight") })
        #expect(harness.logs.records.contains { $0.message.hasPrefix("Delivery cut off by the stop") })
        let store = try SQLiteStore(configuration: .init(directory: harness.folder.appendingPathComponent("data").path))
        let counts = try await store.counts()
        await store.close()
        #expect(counts.actions[.inFlight] == 1, "\(counts)")
        #expect(counts.actions[.done, default: 0] == 0)
    }
}
