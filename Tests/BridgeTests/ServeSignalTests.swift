import Foundation
import Glibc
import JSON
import SnifferSim
import Store
import Testing
import TestSupport

/// `sniffer-bridge serve` as a real process: SIGHUP reloads (or rejects a
/// broken config and keeps serving), SIGTERM stops with exit 0 and loses
/// nothing, whether the deliveries in flight finish before the deadline or not.
@Suite(.serialized) struct ServeSignalTests {
    /// Starts `serve` on the harness's config; returns it and its port.
    static func serve(_ harness: PipelineHarness, name: String) async throws -> (ChildProcess, Int) {
        let child = try ChildProcess(
            ["serve", "--config", harness.configPath, "--log-format", "text"],
            environment: ["SNIFFER_TOKEN": harness.simulator.seed.token], folder: harness.folder, name: name)
        let line = try JSON(parsing: try await child.firstLine())
        let listen = try #require(line["listen"]?.stringValue)
        let port = try #require(listen.split(separator: ":").last.flatMap { Int($0) })
        return (child, port)
    }

    /// Waits until standard error has `count` lines containing `text` (throws
    /// if it does not within 15 s); returns those lines.
    static func logLines(_ child: ChildProcess, containing text: String, count: Int = 1) async throws -> [String] {
        let lines = { child.standardError.split(separator: "\n").map(String.init).filter { $0.contains(text) } }
        try await waitUntil("\(count) log lines containing \(text): \(child.standardError)", interval: .milliseconds(20)) {
            lines().count >= count
        }
        return lines()
    }

    @Test func sighupRejectsABrokenConfigThenAppliesAGoodOne() async throws {
        let harness = try PipelineHarness()
        try harness.writeConfig(mappings: [harness.ciMapping])
        let (serve, port) = try await Self.serve(harness, name: "serve")
        #expect(try await harness.post(CIEvent(key: 1, run: 1).body, port: port).json?["matched"]?.intValue == 1)

        // Broken: a mapping with an error, and a rotated token that must not apply.
        let extra = try harness.writeExtraMapping("[[rule]]\nname = \"broken\"\nsource = \"nope\"\n")
        try harness.writeConfig(mappings: [harness.ciMapping, extra], ciTokens: ["rotated"])
        kill(serve.process.processIdentifier, SIGHUP)
        let rejected = try await Self.logLines(serve, containing: "Reload rejected:")
        #expect(rejected.count == 1)
        #expect(rejected.first?.contains("\(extra):3:11:") == true, "no file:line:col in \(rejected)")
        #expect(serve.process.isRunning)
        let stillOld = try await harness.post(CIEvent(key: 2, run: 1).body, port: port)
        #expect(stillOld.status == 202, "the old token stopped working after a rejected reload")
        #expect(stillOld.json?["matched"]?.intValue == 1)

        // Good: the extra rule and the rotated token.
        _ = try harness.writeExtraMapping()
        kill(serve.process.processIdentifier, SIGHUP)
        let reloaded = try await Self.logLines(serve, containing: "Reloaded: ")
        let rules = try harness.load().mappings.rules.count
        #expect(reloaded.count == 1)
        #expect(reloaded.first?.contains("Reloaded: \(rules) rules in 2 files") == true, "\(reloaded)")
        // The rotated token has 7 characters: one warning, which names neither it nor its place.
        let short = try await Self.logLines(serve, containing: "shorter than 12 characters")
        #expect(short.count == 1, "\(short)")
        #expect(short.first?.contains("1 configured secret or token is shorter") == true, "\(short)")
        #expect(try await harness.post(CIEvent(key: 3, run: 1).body, port: port).status == 401)
        let new = try await harness.post(CIEvent(key: 3, run: 1).body, port: port, token: "rotated")
        #expect(new.status == 202)
        #expect(new.json?["matched"]?.intValue == 2)
        let summaries = try await harness.bugs { $0.count == 4 }
        #expect(try await serve.stop(SIGTERM) == 0)
        #expect(
            Set(summaries) == ["CI failed: p1 on main", "CI failed: p2 on main", "CI failed: p3 on main", "Reloaded rule: p3"])
        // The rotated secret never reaches the log.
        #expect(!serve.standardError.contains("rotated\""))
    }

    @Test func sigtermLetsRunningDeliveriesFinish() async throws {
        let harness = try PipelineHarness()
        try harness.writeConfig(mappings: [harness.ciMapping])
        // Every create takes 400 ms: well inside the default 10 s deadline.
        harness.simulator.addFault(try SimFaultJSON.make(["method": "POST", "route": "/bug", "latencyMs": 400, "times": 100]))
        let (serve, port) = try await Self.serve(harness, name: "serve")
        for key in 1...4 { #expect(try await harness.post(CIEvent(key: key, run: 1).body, port: port).status == 202) }
        try await Self.waitForRequests(harness, count: 4)
        #expect(try await serve.stop(SIGTERM) == 0)
        #expect(!serve.standardError.contains("Stop deadline passed"))
        let counts = try await Self.counts(harness)
        #expect(counts.actions[.done] == 4, "the deliveries in flight did not finish: \(counts)")
        #expect(try await harness.inspector.bugs().count == 4)
    }

    @Test func sigtermPastTheDeadlineLeavesTheRestForTheNextStartExactlyOnce() async throws {
        let harness = try PipelineHarness()
        try harness.writeConfig(mappings: [harness.ciMapping], server: #"shutdown_timeout = "100ms""#)
        // Creates take 1.5 s (and are then applied): SIGTERM cuts them off mid-flight.
        harness.simulator.addFault(try SimFaultJSON.make(["method": "POST", "route": "/bug", "latencyMs": 1_500, "times": 100]))
        let (serve, port) = try await Self.serve(harness, name: "serve1")
        let events = (1...4).map { CIEvent(key: $0, run: 1) }
        for event in events { #expect(try await harness.post(event.body, port: port).status == 202) }
        try await Self.waitForRequests(harness, count: 4)
        #expect(try await serve.stop(SIGTERM) == 0)
        #expect(serve.standardError.contains("Stop deadline passed with deliveries in flight"))
        let cut = try await Self.counts(harness)
        #expect(cut.actions[.done, default: 0] < 4, "nothing was in flight at the deadline")
        #expect(cut.actions[.inFlight, default: 0] == 4 - cut.actions[.done, default: 0], "\(cut)")
        #expect(serve.standardError.contains("Delivery cut off by the stop"))

        // The cut-off creates still land in Sniffer (applied, answer lost); the
        // next start must adopt them, not file them again.
        try await waitUntil("the cut-off creates land in the simulator") { harness.simulator.bugCount() == 4 }
        harness.simulator.removeAllFaults()
        let (again, _) = try await Self.serve(harness, name: "serve2")
        let summaries = try await harness.bugs { $0.count >= 4 }
        let redelivered = try await Self.logLines(again, containing: "Delivered", count: 4 - cut.actions[.done, default: 0])
        #expect(redelivered.count == 4 - cut.actions[.done, default: 0], "the cut-off deliveries were not recovered")
        #expect(redelivered.allSatisfy { $0.contains("found by its key") }, "a cut-off create was filed again: \(redelivered)")
        #expect(try await again.stop(SIGTERM) == 0)
        let counts = try await Self.counts(harness)
        #expect(counts.actions[.done] == 4, "\(counts)")
        #expect(counts.actions[.dead] == 0)
        let bugs = try await harness.inspector.bugs()
        #expect(bugs.count == 4, "\(summaries)")
        #expect(Set(bugs.compactMap(\.integrationKey)) == Set(events.map(\.dedupKey)))
    }

    /// Until the latency fault (armed for 100) has fired `count` times: that many creates are in flight.
    static func waitForRequests(_ harness: PipelineHarness, count: Int) async throws {
        try await waitUntil("\(count) creates reach the simulator") {
            (harness.simulator.armedFaults.first?.times ?? 0) <= 100 - count
        }
        #expect(harness.simulator.armedFaults.first?.times == 100 - count, "more creates reached the simulator")
    }

    /// The outbox counts of the harness's data directory (the gateway has exited).
    static func counts(_ harness: PipelineHarness) async throws -> StoreCounts {
        let store = try SQLiteStore(configuration: .init(directory: harness.folder.appendingPathComponent("data").path))
        let counts = try await store.counts()
        await store.close()
        return counts
    }
}
